package id.jaga.controller.broker;

import id.jaga.sensors.mqtt.MqttLink;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the controller tells the NOC over MQTT (alarm changes, failover transitions, snapshots):
 * published at QoS 1 in the order given, on a thread of its own so no caller waits on the broker,
 * each message retried until the broker acknowledges it.
 */
public final class OrderedPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrderedPublisher.class);
    private static final long RETRY_MS = 1_000;

    private final MqttLink link;
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private final Thread worker;

    /** One message to publish. */
    public record Message(String topic, byte[] payload, boolean retained) {
    }

    public OrderedPublisher(MqttLink link) {
        this.link = link;
        this.worker = new Thread(this::run, "noc-publisher");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues messages to go out in this order, after everything queued before. */
    public void publish(List<Message> messages) {
        queue.addAll(messages);
    }

    public int pending() {
        return queue.size();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Message next = queue.take();
                while (!delivered(next)) {
                    TimeUnit.MILLISECONDS.sleep(RETRY_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean delivered(Message m) {
        try {
            link.publishAndWait(m.topic(), m.payload(), 1, m.retained(), 10_000);
            return true;
        } catch (Exception e) {
            LOG.warn("message to {} not acknowledged ({}); {} more waiting; retrying", m.topic(), e.getMessage(), queue.size());
            return false;
        }
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
