package id.jaga.controller.broker;

import id.jaga.sensors.mqtt.MqttLink;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the controller tells the NOC over MQTT (alarm changes, failover transitions, snapshots):
 * published at QoS 1 in the order given, on a thread of its own so no caller waits on the broker.
 * Messages go out as soon as they come, without waiting for the acknowledgements of those before
 * them (up to {@link #WINDOW} in flight); when one is not acknowledged, it and everything after it
 * are sent again, in order, until they are. A NOC may see a repeat, never a gap or a reordering.
 */
public final class OrderedPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrderedPublisher.class);
    private static final long RETRY_MS = 1_000;
    static final int WINDOW = 50;

    private final MqttLink link;
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final Thread worker;

    /** One message to publish. */
    public record Message(String topic, byte[] payload, boolean retained) {
    }

    private record InFlight(Message message, IMqttToken token) {
    }

    public OrderedPublisher(MqttLink link) {
        this.link = link;
        this.worker = new Thread(this::run, "noc-publisher");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues messages to go out in this order, after everything queued before. */
    public void publish(List<Message> messages) {
        unacknowledged.addAndGet(messages.size());
        queue.addAll(messages);
    }

    /** Messages queued or sent and not yet acknowledged by the broker. */
    public int pending() {
        return unacknowledged.get();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Message next;
                if (inFlight.isEmpty()) {
                    next = queue.take();
                } else if (inFlight.size() < WINDOW) {
                    next = queue.poll(1, TimeUnit.MILLISECONDS); // also the pace at which acknowledgements are checked
                } else {
                    next = null;
                    TimeUnit.MILLISECONDS.sleep(1);
                }
                if (next != null && !send(next)) {
                    resendAfterPause();
                }
                if (!settle()) {
                    resendAfterPause();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean send(Message m) {
        try {
            inFlight.addLast(new InFlight(m, link.publish(m.topic(), m.payload(), 1, m.retained())));
            return true;
        } catch (Exception e) {
            LOG.warn("cannot publish to {} ({}); {} waiting; retrying", m.topic(), e.getMessage(), pending() + 1);
            inFlight.addLast(new InFlight(m, null));
            return false;
        }
    }

    /** Drops acknowledged messages from the front; false if the front one failed or could not be sent. */
    private boolean settle() {
        while (!inFlight.isEmpty() && (inFlight.peekFirst().token() == null || inFlight.peekFirst().token().isComplete())) {
            InFlight first = inFlight.peekFirst();
            if (first.token() == null) {
                return false;
            }
            if (first.token().getException() != null) {
                LOG.warn("message to {} not acknowledged ({}); {} waiting; retrying", first.message().topic(),
                        first.token().getException().getMessage(), pending());
                return false;
            }
            inFlight.removeFirst();
            unacknowledged.decrementAndGet();
        }
        return true;
    }

    /** Waits a moment, then sends everything in flight again, in order. */
    private void resendAfterPause() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(RETRY_MS);
        List<Message> again = inFlight.stream().map(InFlight::message).toList();
        inFlight.clear();
        for (Message m : again) {
            if (!send(m)) {
                return; // still failing: the next round resends from here
            }
        }
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
