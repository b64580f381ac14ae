package id.jaga.agent.queue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store-and-forward: every message the agent produces is committed here before it is sent, and
 * leaves only once the broker acknowledged it, so a broker outage, a restart or a power cut loses
 * nothing that was added. Backed by H2's MVStore, whose append-only chunks survive a torn write.
 * Bounded by size and age; when space runs short the oldest telemetry makes room, and queued events
 * are never pushed out (a message that still does not fit is refused and counted).
 * <p>
 * It also keeps the highest sequence number ever added, in the same commit as the message: after a
 * restart the agent knows exactly which numbers the restart skipped, at no extra write.
 */
public final class DiskQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskQueue.class);

    private final MVStore store;
    private final MVMap<Long, byte[]> entries;
    /** {@value #LAST_SEQ}: the highest sequence number added, even one refused for want of room. */
    private final MVMap<String, Long> meta;
    private static final String LAST_SEQ = "lastSeq";
    private final long maxBytes;
    private final Duration maxAge;
    private final Clock clock;
    private long bytes;
    private long dropped;

    private DiskQueue(MVStore store, long maxBytes, Duration maxAge, Clock clock) {
        this.store = store;
        this.entries = store.openMap("queue");
        this.meta = store.openMap("meta");
        this.maxBytes = maxBytes;
        this.maxAge = maxAge;
        this.clock = clock;
        for (byte[] e : entries.values()) {
            bytes += e.length;
        }
    }

    public static DiskQueue open(Path file, long maxBytes, Duration maxAge, Clock clock) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the queue folder for " + file, e);
        }
        // No background writer: each add and acknowledgement commits itself.
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        DiskQueue queue = new DiskQueue(store, maxBytes, maxAge, clock);
        if (queue.size() > 0) {
            LOG.info("queue {} holds {} message(s) from before the restart", file, queue.size());
        }
        return queue;
    }

    /** Keeps a message that has no sequence number (a command result); returns once it is committed to the file. */
    public synchronized void add(String topic, byte[] payload, boolean event) {
        add(topic, payload, event, -1);
    }

    /**
     * Keeps a message numbered {@code seq}; returns once it and the number are committed to the file.
     * The number is kept even when the message is refused: that one was lost, not skipped.
     */
    public synchronized void add(String topic, byte[] payload, boolean event, long seq) {
        if (seq >= 0 && seq > lastSeq().orElse(-1)) {
            meta.put(LAST_SEQ, seq);
        }
        byte[] record = encode(new Entry(0, topic, payload, event, clock.instant()));
        while (bytes + record.length > maxBytes && dropOldestTelemetry()) {
            // room is made from the oldest telemetry; queued events are never pushed out
        }
        if (bytes + record.length > maxBytes) {
            dropped++;
            store.commit();
            LOG.warn("queue full of events ({} bytes): refused a new {} message", bytes, event ? "event" : "telemetry");
            return;
        }
        long position = entries.isEmpty() ? 0 : entries.lastKey() + 1;
        entries.put(position, record);
        bytes += record.length;
        store.commit();
    }

    /** The oldest message not yet acknowledged, after purging those past the age limit. */
    public synchronized Optional<Entry> peek() {
        Instant oldest = clock.instant().minus(maxAge);
        for (Long first = entries.firstKey(); first != null; first = entries.firstKey()) {
            Entry e = decode(first, entries.get(first));
            if (!e.enqueued().isBefore(oldest)) {
                return Optional.of(e);
            }
            remove(first);
            dropped++;
            LOG.warn("dropped a {} message older than {}", e.event() ? "event" : "telemetry", maxAge);
        }
        return Optional.empty();
    }

    /** Every waiting message, oldest first, without removing any (for diagnostics). */
    public synchronized List<Entry> entries() {
        List<Entry> all = new ArrayList<>(entries.size());
        entries.forEach((position, record) -> all.add(decode(position, record)));
        return all;
    }

    /** The broker acknowledged the message: forget it. */
    public synchronized void acknowledged(Entry entry) {
        remove(entry.position());
    }

    private boolean dropOldestTelemetry() {
        for (Map.Entry<Long, byte[]> e : entries.entrySet()) {
            if (!decode(e.getKey(), e.getValue()).event()) {
                remove(e.getKey());
                dropped++;
                return true;
            }
        }
        return false;
    }

    private void remove(long position) {
        byte[] old = entries.remove(position);
        if (old != null) {
            bytes -= old.length;
            store.commit();
        }
    }

    /** The highest sequence number ever added to this queue file; empty for a file that never had one. */
    public synchronized java.util.OptionalLong lastSeq() {
        Long last = meta.get(LAST_SEQ);
        return last == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(last);
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** Messages lost to the size or age limit since this queue was opened. */
    public synchronized long dropped() {
        return dropped;
    }

    @Override
    public synchronized void close() {
        store.close();
    }

    /** As a power cut leaves it: what was committed is on disk, nothing more is written. */
    public synchronized void abandon() {
        store.closeImmediately();
    }

    private static byte[] encode(Entry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(e.payload().length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBoolean(e.event());
            out.writeLong(e.enqueued().toEpochMilli());
            out.writeUTF(e.topic());
            out.writeInt(e.payload().length);
            out.write(e.payload());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    private static Entry decode(long position, byte[] record) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(record))) {
            boolean event = in.readBoolean();
            Instant enqueued = Instant.ofEpochMilli(in.readLong());
            String topic = in.readUTF();
            byte[] payload = in.readNBytes(in.readInt());
            return new Entry(position, topic, payload, event, enqueued);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt queue record " + position, e);
        }
    }

    /** A queued message; {@code position} orders the queue. */
    public record Entry(long position, String topic, byte[] payload, boolean event, Instant enqueued) {
    }
}
