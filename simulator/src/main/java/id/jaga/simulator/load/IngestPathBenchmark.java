package id.jaga.simulator.load;

import id.jaga.controller.ingest.AgentAuthenticator;
import id.jaga.sensors.auth.AgentKeyRing;
import id.jaga.sensors.auth.MessageAuth;
import id.jaga.config.Broker;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.AlarmStore;
import id.jaga.controller.alarm.CompositeRules;
import id.jaga.controller.alarm.Freshness;
import id.jaga.controller.gaps.DataGaps;
import id.jaga.controller.ingest.Ingest;
import id.jaga.controller.ingest.IngestQueue;
import id.jaga.controller.ingest.LatestReadings;
import id.jaga.controller.ingest.ReadingStore;
import id.jaga.controller.ingest.Rejections;
import id.jaga.controller.ingest.SequenceFollower;
import id.jaga.controller.ingest.SequenceGuard;
import id.jaga.controller.presence.Presence;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.driver.SimulatedDriver;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.mqtt.MqttLink.Incoming;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The controller's ingest path without a broker ({@code bench/ingest-path.sh}): telemetry of the
 * load site, encoded beforehand, goes into {@link IngestQueue} as fast as it takes it (decoded,
 * checked, judged, stored in H2, acknowledged), and the CPU each thread spent is divided by the
 * readings stored. It shows where the controller's own time goes, apart from MQTT and the load generator.
 */
@Command(name = "ingest-path-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "CPU per reading of the controller's ingest path (decode, rules, storage), without a broker.")
public final class IngestPathBenchmark implements Callable<Integer> {
    @Option(names = "--racks", defaultValue = "1000", description = "Racks, one agent each (default: ${DEFAULT-VALUE}).")
    int racks;

    @Option(names = "--rounds", defaultValue = "20", description = "Messages per agent measured, after a quarter as many to warm up (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--without-gap-tracking", description = "Leave out the data-gap tracker (its bookkeeping and its row per"
            + " transaction), to see what it costs.")
    boolean withoutGapTracking;

    @Option(names = "--storage-url", paramLabel = "JDBC-URL", description = "The database (default: a new H2 file in a temporary folder).")
    String storageUrl;

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestPathBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("jaga-ingest-path");
        LoadSite load = new LoadSite("bench", new Broker(List.of("tcp://127.0.0.1:1883"), null, null, null, null), racks, 20,
                Duration.ofSeconds(1), false, work.resolve("keys"));
        SiteConfig site = load.provision(new SiteLoader().parse("ingest path benchmark site", load.yaml()));
        Clock clock = Clock.systemUTC();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicLong acknowledged = new AtomicLong();
        try (Database db = Database.open(new Storage(storageUrl != null ? storageUrl
                : "jdbc:h2:file:" + work.resolve("db/jaga").toAbsolutePath(), null, null))) {
            LatestReadings latest = new LatestReadings();
            AlarmService alarms = new AlarmService(new AlarmStore(db), clock, (change, active) -> { });
            Ingest ingest = new Ingest(site, new ReadingStore(db), latest, alarms, new Freshness(site, alarms, clock),
                    new CompositeRules(site, alarms, latest::get), new Presence(site, alarms, clock), new Rejections(registry, site, clock),
                    new SequenceGuard(db), new AgentAuthenticator(site, clock),
                    withoutGapTracking ? SequenceFollower.NONE : new DataGaps(site, db, alarms, registry, clock), registry, clock);
            try (IngestQueue queue = new IngestQueue(ingest, m -> acknowledged.incrementAndGet(), registry)) {
                Messages messages = new Messages(site, clock);
                run("warm-up", messages.next(Math.max(1, rounds / 4)), queue, acknowledged);
                run("measured", messages.next(rounds), queue, acknowledged);
            }
        }
        return 0;
    }

    private static void run(String name, List<Incoming> messages, IngestQueue queue, AtomicLong acknowledged) throws InterruptedException {
        long readings = (long) messages.size() * 20;
        long target = acknowledged.get() + messages.size();
        Map<String, Long> before = cpuByThread();
        long start = System.nanoTime();
        AtomicLong mqttCpu = new AtomicLong();
        Thread mqtt = new Thread(() -> {
            messages.forEach(queue::offer);
            mqttCpu.set(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()); // it ends before the count below
        }, "stand-in-mqtt-thread");
        mqtt.start();
        while (acknowledged.get() < target) {
            LockSupport.parkNanos(1_000_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        mqtt.join();
        Map<String, Long> after = cpuByThread();
        after.put(mqtt.getName(), mqttCpu.get());
        Map<String, Double> perReading = new TreeMap<>();
        after.forEach((thread, nanos) -> {
            double micros = (nanos - before.getOrDefault(thread, 0L)) / 1000.0 / readings;
            if (micros >= 0.05) {
                perReading.put(thread, micros);
            }
        });
        StringBuilder threads = new StringBuilder();
        perReading.forEach((thread, micros) -> threads.append(String.format(Locale.ROOT, ", %s %.1f", thread, micros)));
        System.out.printf(Locale.ROOT, "%s: %,d readings in %.1f s (%,.0f readings/s); CPU per reading %.1f µs%s%n", name, readings,
                seconds, readings / seconds, perReading.values().stream().mapToDouble(Double::doubleValue).sum(), threads);
    }

    /** CPU nanoseconds of every live thread but this one, by name (folders in H2's thread names left out). */
    private static Map<String, Long> cpuByThread() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            long nanos = t == null || t.getThreadId() == Thread.currentThread().getId() ? -1 : threads.getThreadCpuTime(t.getThreadId());
            if (nanos > 0) {
                cpu.merge(t.getThreadName().replaceAll(" /\\S+", ""), nanos, Long::sum);
            }
        }
        return cpu;
    }

    /** Telemetry of every agent of the site, one message per agent and round, as the agents would send it. */
    private static final class Messages {
        private final Topics topics;
        private final Map<String, List<SensorReader>> readers = new LinkedHashMap<>();
        /** Each agent's key: the messages are signed as the agents sign them, so verifying them is part of the path. */
        private final Map<String, AgentKeyRing> keys = new LinkedHashMap<>();
        private Instant at;
        private long seq;

        Messages(SiteConfig site, Clock clock) {
            this.topics = new Topics(site.broker().topicPrefix(), site.site().id());
            this.at = clock.instant().minus(Duration.ofHours(1)); // one message a second from an hour ago: never ahead of the clock
            SimulatedDriver driver = new SimulatedDriver(new SimulatedInputs());
            site.sensors().forEach(p -> readers.computeIfAbsent(p.sensor().agent(), a -> new ArrayList<>()).add(driver.open(p.sensor())));
            site.agents().forEach(a -> keys.put(a.id(), AgentKeyRing.read(Path.of(a.keyFile()))));
        }

        List<Incoming> next(int rounds) {
            List<Incoming> messages = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                seq++;
                at = at.plusSeconds(1);
                readers.forEach((agent, sensors) -> {
                    List<Reading> batch = new ArrayList<>(sensors.size());
                    sensors.forEach(s -> batch.add(s.read(at)));
                    byte[] payload = Wire.encode(new Telemetry(agent, seq, at, batch));
                    messages.add(new Incoming(topics.agent(agent, Topics.TELEMETRY), payload, false, 1, 1,
                            MessageAuth.sign(keys.get(agent), payload)));
                });
            }
            return messages;
        }
    }
}
