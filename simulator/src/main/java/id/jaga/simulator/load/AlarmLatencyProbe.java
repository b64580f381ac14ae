package id.jaga.simulator.load;

import id.jaga.config.SiteConfig;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.mqtt.MessageListener;
import id.jaga.sensors.mqtt.NoDelaySockets;
import id.jaga.sensors.wire.AlarmEvent;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * How long a critical reading takes to become an alarm on the NOC's topic. Each round the probe
 * agent sends its humidity sensor above the critical limit and a NOC-side subscriber notes when
 * the "raised" event arrives on the alarm topic (both clocks are this JVM's {@code nanoTime});
 * then a normal reading clears the alarm before the next round. Each round's value differs, so a
 * late event is never taken for the current round's. The event's own {@code ts}, when the
 * controller decided to raise, splits each sample in two (wall clock, the same machine's).
 */
final class AlarmLatencyProbe implements AutoCloseable {
    static final String NOC_CLIENT_ID = "jaga-latency-noc";
    static final String THREAD_NAME = "latency-probe";
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final SimulatedInputs world = new SimulatedInputs();
    private final VirtualFleet fleet;
    private final MqttClient noc;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private final Duration every;
    private volatile boolean running;
    private Thread loop;
    private List<Long> samples;
    private List<Long> untilDecided;
    private int missed;
    private int round;

    AlarmLatencyProbe(SiteConfig site, Path stateDir, Duration every) throws MqttException, InterruptedException {
        this.every = every;
        this.fleet = new VirtualFleet(site, List.of(LoadSite.PROBE_AGENT), world, stateDir, Clock.systemUTC())
                .connect(Duration.ofSeconds(30));
        world.set(LoadSite.PROBE_SENSOR, LoadSite.PROBE_NORMAL);
        noc = new MqttClient(site.broker().uris().get(0), NOC_CLIENT_ID, new MemoryPersistence());
        noc.setCallback(MessageListener.of((topic, message) -> {
            long at = System.nanoTime();
            AlarmEvent event = Wire.decode(message.getPayload(), AlarmEvent.class);
            if (LoadSite.PROBE_SENSOR.equals(event.source())) {
                arrivals.add(new Arrival(event.change(), event.value(), event.ts(), at));
            }
        }));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        // With Nagle's algorithm on, a NOC client's acknowledgements wait for delayed TCP ACKs: some 40 ms of every other delivery.
        options.setSocketFactory(NoDelaySockets.plain());
        noc.connect(options);
        noc.subscribe(new Topics(site.broker().topicPrefix(), site.site().id()).alarm(), 1);
    }

    /** What the probe agent got acknowledged: its readings are stored like any other. */
    SendCounts counts() {
        return fleet.counts();
    }

    void start() {
        samples = new ArrayList<>();
        untilDecided = new ArrayList<>();
        missed = 0;
        running = true;
        loop = new Thread(this::rounds, THREAD_NAME);
        loop.start();
    }

    /** Finishes the round under way (its alarm cleared) and returns this run's samples. */
    Result stop() throws InterruptedException {
        running = false;
        LockSupport.unpark(loop); // no wait for the next round
        loop.join();
        return new Result(Latencies.of(samples, missed), Latencies.of(untilDecided, missed));
    }

    private void rounds() {
        VirtualAgent probe = fleet.agents().get(0);
        try {
            while (running) {
                long roundStart = System.nanoTime();
                double critical = LoadSite.PROBE_CRITICAL + (round++ % 50) / 10.0;
                world.set(LoadSite.PROBE_SENSOR, critical);
                Instant sentAt = Instant.now();
                long sent = System.nanoTime();
                probe.publish();
                Arrival raised = await("raised", critical);
                if (raised == null) {
                    missed++;
                } else {
                    samples.add(raised.at() - sent);
                    untilDecided.add(Duration.between(sentAt, raised.decidedAt()).toNanos());
                }
                world.set(LoadSite.PROBE_SENSOR, LoadSite.PROBE_NORMAL);
                probe.publish();
                await("cleared", LoadSite.PROBE_NORMAL);
                long next = roundStart + every.toNanos();
                for (long left = next - System.nanoTime(); running && left > 0; left = next - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
            }
            probe.awaitAcknowledged(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Arrival await(String change, double value) throws InterruptedException {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        for (long left = ANSWER_TIMEOUT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            Arrival a = arrivals.poll(left, TimeUnit.NANOSECONDS);
            if (a != null && a.change().equals(change) && a.value() != null && a.value() == value) {
                return a;
            }
        }
        return null;
    }

    @Override
    public void close() throws MqttException {
        noc.disconnect();
        noc.close();
        fleet.close();
    }

    /**
     * {@code total}: from the probe's publish to the event's arrival; {@code untilDecided}: from the
     * publish to the controller's decision, so the rest is storing and publishing the alarm.
     */
    record Result(Latencies total, Latencies untilDecided) {
    }

    private record Arrival(String change, Double value, Instant decidedAt, long at) {
    }
}
