package id.jaga.controller.broker;

import id.jaga.sensors.mqtt.MqttLink;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import java.time.Duration;
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
 * them, up to {@link #WINDOW} in flight or fewer if the broker takes fewer from one client (its
 * receive maximum): then the next waits for acknowledgements. When one fails or is not
 * acknowledged within {@link #ACK_TIMEOUT}, it and everything after it are sent again, in order,
 * until they are. A NOC may see a repeat, never a gap or a reordering.
 */
public final class OrderedPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrderedPublisher.class);
    private static final long RETRY_MS = 1_000;
    static final int WINDOW = 50;
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final MqttLink link;
    private final Duration ackTimeout;
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    /** Taken from the queue and not yet sent (or to be sent again), in order; all of it after what is in flight. */
    private final Deque<Message> toSend = new ArrayDeque<>();
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final Thread worker;

    /** One message to publish. */
    public record Message(String topic, byte[] payload, boolean retained) {
    }

    private record InFlight(Message message, IMqttToken token, long sentAt) {
    }

    /** Sent; not now (nothing to send, or no room: the window or the broker's receive maximum is full); failed. */
    private enum Sent { YES, WAIT, FAILED }

    public OrderedPublisher(MqttLink link) {
        this(link, ACK_TIMEOUT);
    }

    OrderedPublisher(MqttLink link, Duration ackTimeout) {
        this.link = link;
        this.ackTimeout = ackTimeout;
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
                if (toSend.isEmpty()) {
                    // While messages are in flight, this poll is also the pace at which acknowledgements are checked.
                    Message next = inFlight.isEmpty() ? queue.take() : queue.poll(1, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        toSend.add(next);
                    }
                }
                Sent sent = toSend.isEmpty() || inFlight.size() >= WINDOW ? Sent.WAIT : send(toSend.peekFirst());
                if (sent == Sent.YES) {
                    toSend.removeFirst();
                }
                if (sent == Sent.FAILED || !settle()) {
                    resendAfterPause();
                } else if (sent == Sent.WAIT && !toSend.isEmpty()) {
                    TimeUnit.MILLISECONDS.sleep(1); // room comes with acknowledgements
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Sent send(Message m) {
        try {
            inFlight.addLast(new InFlight(m, link.publish(m.topic(), m.payload(), 1, m.retained()), System.nanoTime()));
            return Sent.YES;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                return Sent.WAIT;
            }
            LOG.warn("cannot publish to {} ({}); {} waiting; retrying", m.topic(), e.getMessage(), pending());
            return Sent.FAILED;
        } catch (RuntimeException e) {
            LOG.warn("cannot publish to {} ({}); {} waiting; retrying", m.topic(), e.getMessage(), pending());
            return Sent.FAILED;
        }
    }

    /** Drops acknowledged messages from the front; false if the front one failed or is overdue. */
    private boolean settle() {
        while (!inFlight.isEmpty()) {
            InFlight first = inFlight.peekFirst();
            if (!first.token().isComplete()) {
                if (System.nanoTime() - first.sentAt() < ackTimeout.toNanos()) {
                    return true;
                }
                LOG.warn("message to {} not acknowledged within {} ms; {} waiting; sending again", first.message().topic(),
                        ackTimeout.toMillis(), pending());
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

    /** Waits a moment, then puts everything in flight back in front of what is still to send, in order. */
    private void resendAfterPause() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(RETRY_MS);
        while (!inFlight.isEmpty()) {
            toSend.addFirst(inFlight.removeLast().message());
        }
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
