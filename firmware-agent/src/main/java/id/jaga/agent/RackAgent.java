package id.jaga.agent;

import id.jaga.agent.access.DoorAccess;
import id.jaga.agent.command.CommandHandler;
import id.jaga.agent.failsafe.Failsafe;
import id.jaga.agent.output.Outputs;
import id.jaga.agent.queue.DiskQueue;
import id.jaga.agent.state.AgentCounters;
import id.jaga.config.Agent;
import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.driver.Drivers;
import id.jaga.sensors.driver.EdgeSensor;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.auth.AgentKeyRing;
import id.jaga.sensors.command.CommandSigner;
import id.jaga.sensors.mqtt.MqttLink;
import id.jaga.sensors.wire.AgentEvent;
import id.jaga.sensors.wire.AgentState;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of one rack row: polls each of its sensors at the sensor's interval, batches the
 * readings into one telemetry message per publish interval (an empty one is the heartbeat), and
 * delivers the messages in order,
 * each kept until the broker acknowledged it (QoS 1). Birth on every connect, death as last will.
 */
public final class RackAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RackAgent.class);
    public static final String VERSION = versionOf(RackAgent.class);
    private static final long ACK_TIMEOUT_MS = 10_000;

    private final Agent agent;
    private final List<Sensor> sensors;
    private final Drivers drivers;
    private final AgentCounters counters;
    private final Clock clock;
    private final Topics topics;
    private final MqttLink link;
    private final DiskQueue queue;
    /** The numbers this boot skipped, announced in every birth so the controller does not count them lost. */
    private final AgentState.Skipped skipped;
    private volatile long lastQueuedSeq = -1;
    private volatile long lastCycleNanos = System.nanoTime();
    private volatile long lastPollNanos = System.nanoTime();
    private final ConcurrentLinkedQueue<Reading> pending = new ConcurrentLinkedQueue<>();
    private final Map<String, SensorReader> readers = new LinkedHashMap<>();
    private final ScheduledExecutorService polling = Executors.newSingleThreadScheduledExecutor(named("poll"));
    private final ScheduledExecutorService publishing = Executors.newSingleThreadScheduledExecutor(named("publish"));
    private final Outputs outputs;
    private final CommandHandler commands;
    private final Failsafe failsafe;
    private final DoorAccess access;

    /**
     * {@code stateDir} keeps what must outlive the process: boot and sequence counters, the queue,
     * the offline allow-list.
     */
    public RackAgent(SiteConfig site, String agentId, Drivers drivers, Path stateDir, Clock clock) {
        this(site, agentId, drivers, stateDir, clock, DoorAccess.DECISION_TIMEOUT);
    }

    /** {@code decisionTimeout}: how long a badge waits for the controller; shorter only in tests. */
    RackAgent(SiteConfig site, String agentId, Drivers drivers, Path stateDir, Clock clock, java.time.Duration decisionTimeout) {
        this.agent = site.agent(agentId).orElseThrow(() -> new IllegalArgumentException(
                "agent '" + agentId + "' is not in the site file; known: "
                        + site.agents().stream().map(Agent::id).toList()));
        // With the bounds the controller holds them to (a rack's capacity included), so its drivers mark as bad what it would refuse.
        this.sensors = site.sensors().filter(p -> agentId.equals(p.sensor().agent()))
                .map(p -> p.sensor().withBounds(site.boundsFor(p))).toList();
        this.drivers = drivers;
        this.counters = AgentCounters.open(stateDir, agentId);
        this.queue = DiskQueue.open(stateDir.resolve(agentId + ".queue"), agent.queueMaxMegabytes() * 1024L * 1024L,
                agent.queueMaxAge(), clock);
        this.skipped = skipped(queue.lastSeq(), counters.firstSeqOfBoot());
        this.clock = clock;
        this.topics = new Topics(site.broker().topicPrefix(), site.site().id());
        String stateTopic = topics.agent(agentId, Topics.STATE);
        this.link = MqttLink.forAgent(site.broker(), "jaga-agent-" + site.site().id() + "-" + agentId, agentId, keys(agent),
                new MqttLink.Will(stateTopic, Wire.encode(AgentState.death(agentId, counters.bootSeq()))));
        this.outputs = new Outputs(agent.outputs(), drivers);
        CommandSigner signer = signer(agent);
        this.access = new DoorAccess(agent, site.access().doors(), topics, drivers, outputs, signer, this::queueEvent,
                link::isConnected, stateDir, clock, decisionTimeout);
        this.commands = new CommandHandler(agentId, signer, outputs, clock, access);
        this.failsafe = new Failsafe(agent.failsafe(), outputs, (rule, data) -> queueEvent("failsafe", rule.sensor(), data));
        String commandTopic = topics.agent(agentId, Topics.CMD);
        link.onConnect(() -> {
            publishBirth();
            publishing.execute(this::drain); // what waited for the broker goes now, not at the next cycle
            try {
                link.subscribe(commandTopic, 1);
            } catch (Exception e) {
                LOG.error("cannot subscribe to commands", e);
            }
            access.subscribe(link);
        });
        link.onMessage(m -> {
            if (m.topic().equals(commandTopic)) {
                commands.handle(m.payload()).ifPresent(result -> {
                    queue.add(topics.agent(agentId, Topics.CMD_RESULT), Wire.encode(result), true);
                    publishing.execute(this::drain);
                });
            } else {
                access.handle(m);
            }
        });
    }

    /**
     * The agent's message keys: without them nothing it sends would count, so a missing or bad key
     * file stops the start with the file (and line) named, never a silent unauthenticated mode.
     */
    static AgentKeyRing keys(Agent agent) {
        if (agent.keyFile() == null) {
            throw new AgentKeyRing.KeyFileException("agent " + agent.id() + " has no keyFile in the site file: its messages"
                    + " could not be authenticated (make one with ./jaga keys new --site SITE.yaml --agent " + agent.id() + ")");
        }
        return AgentKeyRing.read(Path.of(agent.keyFile()));
    }

    /**
     * The command key, or null: an unreadable key is logged and commands are refused, but the agent
     * goes on monitoring, which needs no key.
     */
    private static CommandSigner signer(Agent agent) {
        if (agent.commandKeyFile() == null) {
            LOG.warn("agent {} has no commandKeyFile: every command will be refused", agent.id());
            return null;
        }
        try {
            return CommandSigner.fromKeyFile(Path.of(agent.commandKeyFile()));
        } catch (RuntimeException e) {
            LOG.error("agent {}: {}; every command will be refused until it is fixed", agent.id(), e.getMessage());
            return null;
        }
    }

    public String id() {
        return agent.id();
    }

    public void start() {
        for (Sensor sensor : sensors) {
            SensorReader reader = drivers.open(sensor);
            readers.put(sensor.id(), reader);
            if (reader instanceof EdgeSensor edge) {
                edge.onChange(active -> changed(sensor, active));
            }
            polling.scheduleAtFixedRate(() -> poll(sensor), 0, sensor.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
        access.start();
        link.start();
        long every = agent.publishInterval().toMillis();
        // The first batch goes out as soon as the first polls are in, not a whole interval later.
        publishing.scheduleWithFixedDelay(this::publishCycle, Math.min(every, 100), every, TimeUnit.MILLISECONDS);
        LOG.info("agent {} started with {} sensors (boot {})", agent.id(), sensors.size(), counters.bootSeq());
    }

    private void poll(Sensor sensor) {
        lastPollNanos = System.nanoTime();
        Instant now = clock.instant();
        Reading reading;
        try {
            reading = readers.get(sensor.id()).read(now);
        } catch (RuntimeException e) {
            // A driver bug must not silence the other sensors: report it as a bad reading.
            reading = Reading.failed(sensor.id(), Quality.BAD, "driver error: " + e, sensor.unit(), now);
        }
        pending.add(reading);
        failsafe.onReading(reading);
    }

    /**
     * A door, smoke or exit contact changed: the fail-safe and the controller hear of it now, not at
     * the next poll; a pressed exit button opens its door too, after its event is queued.
     */
    private void changed(Sensor sensor, boolean active) {
        Reading reading = Reading.good(sensor.id(), active ? 1 : 0, sensor.unit(), clock.instant());
        failsafe.onReading(reading);
        String type = switch (sensor.kind()) {
            case DOOR -> active ? "door-opened" : "door-closed";
            case SMOKE -> active ? "smoke-detected" : "smoke-cleared";
            case EXIT_REQUEST -> active ? "exit-request" : "exit-request-released";
            case TAMPER -> active ? "tamper" : "tamper-cleared";
            default -> sensor.kind().wire() + (active ? "-active" : "-inactive");
        };
        queueEvent(type, sensor.id(), Map.of("state", active ? "1" : "0"));
        if (sensor.kind() == SensorKind.EXIT_REQUEST && active) {
            access.exitPressed(sensor.id());
        }
    }

    /** An event is queued at once and sent ahead of the next telemetry batch; returns its seq. */
    private long queueEvent(String type, String sensor, Map<String, String> data) {
        AgentEvent event = new AgentEvent(Wire.SCHEMA, agent.id(), counters.nextSeq(), clock.instant(), type, sensor, data);
        queue.add(topics.agent(agent.id(), Topics.EVENT), Wire.encode(event), true, event.seq());
        publishing.execute(this::drain);
        return event.seq();
    }

    private void publishCycle() {
        lastCycleNanos = System.nanoTime();
        try {
            List<Reading> batch = new ArrayList<>();
            for (Reading r; (r = pending.poll()) != null; ) {
                batch.add(r);
            }
            // An empty batch still goes out while connected: it is the heartbeat the controller's
            // presence check waits for. While the broker is away it would only fill the queue.
            if (!batch.isEmpty() || (link.isConnected() && queue.size() == 0)) {
                Telemetry telemetry = new Telemetry(agent.id(), counters.nextSeq(), clock.instant(), batch);
                queue.add(topics.agent(agent.id(), Topics.TELEMETRY), Wire.encode(telemetry), false, telemetry.seq());
                lastQueuedSeq = telemetry.seq();
                reportBacklog();
            }
            drain();
        } catch (RuntimeException e) {
            LOG.error("publish cycle failed", e);
        }
    }

    /** Says so when an outage makes the queue pass 10, 100, 1000... messages: once per step, not per message. */
    private void reportBacklog() {
        int waiting = queue.size();
        if (!link.isConnected() && waiting >= 10 && Integer.toString(waiting).matches("10*")) {
            LOG.warn("broker out of reach: {} messages waiting in the queue", waiting);
        }
    }

    /** Sends queued messages in order while the broker acknowledges them. */
    private void drain() {
        while (link.isConnected()) {
            var head = queue.peek();
            if (head.isEmpty()) {
                return;
            }
            try {
                link.publishAndWait(head.get().topic(), head.get().payload(), 1, false, ACK_TIMEOUT_MS);
                queue.acknowledged(head.get());
            } catch (Exception e) {
                LOG.warn("publish not acknowledged, keeping {} message(s) queued: {}", queue.size(), e.getMessage());
                return;
            }
        }
    }

    private void publishBirth() {
        List<AgentState.SensorInfo> info = sensors.stream()
                .map(s -> new AgentState.SensorInfo(s.id(), s.kind().wire(), s.unit())).toList();
        AgentState birth = AgentState.birth(agent.id(), counters.bootSeq(), VERSION, info, clock.instant(), skipped);
        try {
            link.publish(topics.agent(agent.id(), Topics.STATE), Wire.encode(birth), 1, true);
        } catch (Exception e) {
            LOG.warn("birth message not sent: {}", e.getMessage());
        }
    }

    /**
     * From the number after the last one used before this boot to the one before this boot's first;
     * null when none was skipped, or when the queue file does not know the last one (then the
     * controller sees a gap it cannot explain, which is the truth).
     */
    static AgentState.Skipped skipped(java.util.OptionalLong lastUsed, long firstOfBoot) {
        if (lastUsed.isEmpty() || lastUsed.getAsLong() + 1 > firstOfBoot - 1) {
            return null;
        }
        return new AgentState.Skipped(lastUsed.getAsLong() + 1, firstOfBoot - 1);
    }

    /**
     * Both loops ran recently: what the hardware watchdog is fed on. A broker outage is not
     * unhealthy (the queue holds the readings); a hung poll or publish thread is.
     */
    public boolean healthy() {
        long slowestPoll = sensors.stream().mapToLong(s -> s.pollInterval().toNanos()).max().orElse(0);
        long now = System.nanoTime();
        long grace = java.time.Duration.ofSeconds(10).toNanos();
        return now - lastCycleNanos < 3 * agent.publishInterval().toNanos() + grace
                && (sensors.isEmpty() || now - lastPollNanos < 3 * slowestPoll + grace);
    }

    /** The agent's doors: readers, offline decisions, the allow-list in use. */
    public DoorAccess access() {
        return access;
    }

    /** Messages waiting for the broker. */
    public int queued() {
        return queue.size();
    }

    /** Sequence number of the newest message committed to the queue, -1 before the first. */
    public long lastQueuedSeq() {
        return lastQueuedSeq;
    }

    /** Orderly stop: says offline itself (a clean disconnect suppresses the will). */
    @Override
    public void close() {
        access.close(); // first: a badge read now could not be queued any more
        polling.shutdownNow();
        // A publish cycle under way ends first: interrupted, it would break off a write to the disk
        // queue (H2 closes its file on an interrupt) and log an error at every orderly stop.
        publishing.shutdown();
        try {
            if (!publishing.awaitTermination(5, TimeUnit.SECONDS)) {
                publishing.shutdownNow();
            }
            if (link.isConnected()) {
                link.publishAndWait(topics.agent(agent.id(), Topics.STATE),
                        Wire.encode(AgentState.death(agent.id(), counters.bootSeq())), 1, true, 5_000);
            }
        } catch (Exception e) {
            LOG.debug("offline state not sent: {}", e.getMessage());
        }
        link.close();
        queue.close();
        outputs.close();
        readers.values().forEach(SensorReader::close);
    }

    /**
     * Dies like a power cut: no farewell (the broker publishes the last will), readings not yet
     * queued are gone, the queue file is left exactly as committed.
     */
    public void kill() {
        access.close();
        polling.shutdownNow();
        publishing.shutdownNow();
        try {
            publishing.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.abort();
        queue.abandon();
        outputs.close();
        readers.values().forEach(SensorReader::close);
    }

    private static String versionOf(Class<?> c) {
        String v = c.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static java.util.concurrent.ThreadFactory named(String role) {
        return r -> {
            Thread t = new Thread(r, "agent-" + role);
            t.setDaemon(true);
            return t;
        };
    }
}
