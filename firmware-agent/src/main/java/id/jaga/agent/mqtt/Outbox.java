package id.jaga.agent.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Messages waiting for the broker's acknowledgement, in the order they were produced. A message
 * leaves only once the broker has acknowledged it. Bounded: when full, the oldest telemetry goes
 * first (events are kept), and every message dropped is counted.
 */
public final class Outbox {
    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long dropped;

    public Outbox(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(String topic, byte[] payload, boolean event) {
        if (entries.size() >= capacity && !dropOldestTelemetry()) {
            dropped++;
            return;
        }
        entries.addLast(new Entry(topic, payload, event));
    }

    private boolean dropOldestTelemetry() {
        var it = entries.iterator();
        while (it.hasNext()) {
            if (!it.next().event()) {
                it.remove();
                dropped++;
                return true;
            }
        }
        return false;
    }

    public synchronized Optional<Entry> peek() {
        return Optional.ofNullable(entries.peekFirst());
    }

    /** Removes the head once the broker acknowledged it. */
    public synchronized void acknowledged(Entry entry) {
        if (entries.peekFirst() == entry) {
            entries.removeFirst();
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long dropped() {
        return dropped;
    }

    public record Entry(String topic, byte[] payload, boolean event) {
    }
}
