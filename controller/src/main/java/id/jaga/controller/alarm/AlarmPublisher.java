package id.jaga.controller.alarm;

import id.jaga.sensors.mqtt.MqttLink;
import id.jaga.sensors.wire.ActiveAlarms;
import id.jaga.sensors.wire.AlarmEvent;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the NOC: every alarm change on {@code .../alarm}, then the retained {@code .../alarm/active}
 * snapshot. Runs on its own thread so ingest never waits on the broker; an event that the broker
 * has not acknowledged is retried, in order, until it is.
 */
public final class AlarmPublisher implements AlarmService.AlarmListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmPublisher.class);
    private static final long RETRY_MS = 1_000;

    private final String site;
    private final Topics topics;
    private final MqttLink link;
    private final Clock clock;
    private final BlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
    private final Thread worker;

    public AlarmPublisher(String site, Topics topics, MqttLink link, Clock clock) {
        this.site = site;
        this.topics = topics;
        this.link = link;
        this.clock = clock;
        this.worker = new Thread(this::run, "alarm-publisher");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void changed(AlarmChange change, List<Alarm> activeNow) {
        AlarmEvent event = change.toEvent(site);
        ActiveAlarms snapshot = new ActiveAlarms(Wire.SCHEMA, site, clock.instant(),
                activeNow.stream().map(a -> a.toEvent(site, "active")).toList());
        queue.add(new Outgoing(Wire.encode(event), Wire.encode(snapshot)));
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Outgoing next = queue.take();
                deliver(topics.alarm(), next.event(), false);
                deliver(topics.alarmActive(), next.snapshot(), true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(String topic, byte[] payload, boolean retained) throws InterruptedException {
        while (true) {
            try {
                link.publishAndWait(topic, payload, 1, retained, 10_000);
                return;
            } catch (Exception e) {
                LOG.warn("alarm event to {} not acknowledged ({}); {} more waiting; retrying", topic, e.getMessage(), queue.size());
                Thread.sleep(RETRY_MS);
            }
        }
    }

    public int pending() {
        return queue.size();
    }

    @Override
    public void close() {
        worker.interrupt();
    }

    private record Outgoing(byte[] event, byte[] snapshot) {
    }
}
