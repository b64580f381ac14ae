package id.jaga.agent.access;

import id.jaga.agent.command.BadgeRequests;
import id.jaga.agent.output.Outputs;
import id.jaga.config.Agent;
import id.jaga.config.Door;
import id.jaga.config.Reader;
import id.jaga.sensors.command.CommandSigner;
import id.jaga.sensors.driver.Drivers;
import id.jaga.sensors.driver.reader.BadgeReader;
import id.jaga.sensors.driver.reader.Credential;
import id.jaga.sensors.mqtt.MqttLink;
import id.jaga.sensors.wire.ControllerState;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import id.jaga.sensors.wire.WireException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The doors of one agent: its badge readers, the wait for the controller's decision on each badge,
 * the door's own decision when the controller cannot make one (its {@code offline} policy and the
 * signed allow-list), and the exit buttons that open a door without anybody's decision.
 *
 * <p>A badge read is published as a {@code badge} event; its seq is the request the controller's
 * {@code unlock} or {@code deny} answers. If the broker is out of reach, the controller's retained
 * state says offline, or no decision comes within {@link #DECISION_TIMEOUT}, the door decides:
 * {@code deny} refuses, {@code allow-list} lets in a badge the list names for this reader and now.
 * A decision that comes after that is refused.
 */
public final class DoorAccess implements BadgeRequests, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DoorAccess.class);
    /** How long a badge waits for the controller's decision before its door decides alone. */
    public static final Duration DECISION_TIMEOUT = Duration.ofSeconds(3);
    static final String UNREACHABLE = "controller unreachable";
    /** Decided requests remembered, to refuse a late decision with the right reason. */
    private static final int DECIDED_KEPT = 1000;
    private static final String AGENT = "agent";
    private static final String CONTROLLER = "controller";

    /** Where events go: queued in order with everything the agent sends; returns the event's seq. */
    @FunctionalInterface
    public interface Events {
        long queue(String type, String sensor, Map<String, String> data);
    }

    private final Agent agent;
    private final List<Door> doors;
    private final Drivers drivers;
    private final Outputs outputs;
    private final Events events;
    private final BooleanSupplier connected;
    private final Clock clock;
    private final Duration decisionTimeout;
    private final String accessTopic;
    private final String controllerTopic;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-access");
        t.setDaemon(true);
        return t;
    });
    private final List<BadgeReader> readers = new CopyOnWriteArrayList<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<Long, String> decided = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > DECIDED_KEPT;
        }
    };
    private final AllowListStore allowList;
    private volatile boolean controllerOffline;

    private record Pending(Door door, Credential credential, ScheduledFuture<?> timeout) {
    }

    /**
     * {@code doors}: the site's doors (those of this agent are used); {@code signer} verifies
     * allow-lists, null when the agent has no usable key (then every list is refused); the stored
     * allow-list is read from {@code stateDir} at once.
     */
    public DoorAccess(Agent agent, List<Door> doors, Topics topics, Drivers drivers, Outputs outputs, CommandSigner signer,
                      Events events, BooleanSupplier connected, Path stateDir, Clock clock, Duration decisionTimeout) {
        this.agent = agent;
        this.doors = doors.stream().filter(d -> d != null && agent.id().equals(d.agent())).toList();
        this.drivers = drivers;
        this.outputs = outputs;
        this.events = events;
        this.connected = connected;
        this.clock = clock;
        this.decisionTimeout = decisionTimeout;
        this.allowList = new AllowListStore(agent.id(), signer, stateDir.resolve(agent.id() + ".allowlist.json"));
        this.accessTopic = topics.agent(agent.id(), Topics.ACCESS);
        this.controllerTopic = topics.controllerState();
    }

    /** Opens the agent's readers; one that cannot be opened is logged and the others work on. */
    public void start() {
        for (Reader config : agent.readers()) {
            boolean pinWithCard = doors.stream().anyMatch(d -> config.id().equals(d.reader()) && d.pinRequired());
            try {
                BadgeReader reader = drivers.open(config, pinWithCard);
                reader.onCredential(c -> worker.execute(() -> presented(c)));
                readers.add(reader);
            } catch (RuntimeException e) {
                LOG.error("reader {} not opened, its badges go unread: {}", config.id(), e.getMessage());
            }
        }
    }

    /** On every connect: the retained allow-list and controller state come with the subscriptions. */
    public void subscribe(MqttLink link) {
        for (String topic : List.of(accessTopic, controllerTopic)) {
            try {
                link.subscribe(topic, 1);
            } catch (Exception e) {
                LOG.error("cannot subscribe to {}", topic, e);
            }
        }
    }

    /** Takes the messages of its subscriptions; false for any other topic. */
    public boolean handle(MqttLink.Incoming message) {
        if (message.topic().equals(accessTopic)) {
            allowList.received(message.payload(), clock.instant());
            return true;
        }
        if (message.topic().equals(controllerTopic)) {
            controllerState(message.payload());
            return true;
        }
        return false;
    }

    private void presented(Credential credential) {
        Map<String, String> data = new LinkedHashMap<>();
        if (credential.badge() != null) {
            data.put("badge", credential.badge());
        }
        if (credential.pin() != null) {
            data.put("pin", credential.pin());
        }
        Optional<Door> door = doors.stream().filter(d -> credential.reader().equals(d.reader())).findFirst();
        String alone;
        long seq;
        // The request is registered with its event, so no decision can come before it waits.
        synchronized (this) {
            alone = !connected.getAsBoolean() ? "the broker is out of reach"
                    : controllerOffline ? "the controller is offline" : null;
            if (alone != null && door.isPresent()) {
                data.put("decidedBy", AGENT); // so the controller, back later, reads it as a report, not a request
            }
            seq = events.queue("badge", credential.reader(), data);
            if (door.isEmpty()) {
                LOG.warn("reader {} is at no door of agent {}: badge request {} only reported", credential.reader(), agent.id(), seq);
                return;
            }
            if (alone == null) {
                ScheduledFuture<?> timeout = worker.schedule(() -> timedOut(seq), decisionTimeout.toMillis(), TimeUnit.MILLISECONDS);
                pending.put(seq, new Pending(door.get(), credential, timeout));
                return;
            }
            decided.put(seq, AGENT);
        }
        LOG.info("badge request {} at reader {}: {}, door {} decides by itself", seq, credential.reader(), alone, door.get().id());
        decide(door.get(), credential);
    }

    private void timedOut(long seq) {
        Pending waited;
        synchronized (this) {
            waited = pending.remove(seq);
            if (waited == null) {
                return;
            }
            decided.put(seq, AGENT);
        }
        LOG.warn("badge request {} at reader {}: no decision within {} ms, door {} decides by itself", seq,
                waited.credential().reader(), decisionTimeout.toMillis(), waited.door().id());
        decide(waited.door(), waited.credential());
    }

    /** The door's offline policy; the event is queued before the lock opens. */
    private void decide(Door door, Credential credential) {
        if (door.offline() == Door.Offline.DENY) {
            refuse(door, credential, UNREACHABLE);
            return;
        }
        AllowListStore.Lookup lookup = allowList.lookup(credential.reader(), credential.badge(), clock.instant());
        if (lookup.refusal() != null) {
            refuse(door, credential, lookup.refusal());
            return;
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put("badge", credential.badge());
        data.put("door", door.id());
        if (lookup.entry().person() != null) {
            data.put("person", lookup.entry().person());
        }
        data.put("decidedBy", AGENT);
        events.queue("access-granted", credential.reader(), data);
        LOG.info("door {}: badge {} let in by the offline allow-list", door.id(), credential.badge());
        unlock(door);
    }

    private void refuse(Door door, Credential credential, String reason) {
        Map<String, String> data = new LinkedHashMap<>();
        if (credential.badge() != null) {
            data.put("badge", credential.badge());
        }
        data.put("door", door.id());
        data.put("reason", reason);
        data.put("decidedBy", AGENT);
        events.queue("access-denied", credential.reader(), data);
        LOG.info("door {}: {} refused, {}", door.id(), credential.badge() == null ? "PIN" : "badge " + credential.badge(), reason);
    }

    private void unlock(Door door) {
        if (outputs.get(door.lock()).isEmpty()) {
            LOG.error("door {}: lock {} is not an output of agent {}", door.id(), door.lock(), agent.id());
            return;
        }
        outputs.pulse(door.lock(), door.unlockFor());
    }

    /**
     * An exit button was pressed (its {@code exit-request} event is queued already): its door opens
     * for {@code unlockFor}, controller or not, so nobody is locked in.
     */
    public void exitPressed(String sensor) {
        doors.stream().filter(d -> sensor.equals(d.exit())).forEach(door -> {
            LOG.info("door {}: exit button {} pressed, unlocked for {} s", door.id(), sensor, door.unlockFor().toSeconds());
            unlock(door);
        });
    }

    @Override
    public synchronized String claim(String request, String output, String reader) {
        long seq;
        try {
            seq = Long.parseLong(request);
        } catch (NumberFormatException e) {
            return "request '" + request + "' is not the seq of a badge event";
        }
        Pending waiting = pending.get(seq);
        if (waiting == null) {
            String by = decided.get(seq);
            return by == null ? "no badge request " + seq + " is awaiting a decision"
                    : AGENT.equals(by) ? "request " + seq + " already decided by the agent"
                    : "request " + seq + " already decided";
        }
        if (output != null && !output.equals(waiting.door().lock())) {
            return "request " + seq + " is for door " + waiting.door().id() + ", whose lock is " + waiting.door().lock() + ", not " + output;
        }
        if (reader != null && !reader.equals(waiting.credential().reader())) {
            return "request " + seq + " was made at reader " + waiting.credential().reader() + ", not " + reader;
        }
        pending.remove(seq);
        waiting.timeout().cancel(false);
        decided.put(seq, CONTROLLER);
        return null;
    }

    private void controllerState(byte[] payload) {
        boolean offline;
        if (payload.length == 0) {
            offline = false; // the retained state was cleared: nothing says the controller is away
        } else {
            try {
                offline = "offline".equals(Wire.decode(payload, ControllerState.class).status());
            } catch (WireException e) {
                LOG.warn("controller state ignored, {}: {}", e.reason(), e.getMessage());
                return;
            }
        }
        if (offline != controllerOffline) {
            LOG.info(offline ? "controller offline: doors decide by themselves" : "controller online: doors wait for its decisions");
        }
        controllerOffline = offline;
    }

    /** When the allow-list in use was issued; empty while there is none. */
    public Optional<Instant> allowListIssued() {
        return allowList.issued();
    }

    /** Allow-lists refused since the start: not for this agent, not verified, not newer, or a stored one changed. */
    public long allowListsRefused() {
        return allowList.refused();
    }

    /** Whether the controller's retained state says it is offline: then doors decide at once. */
    public boolean controllerOffline() {
        return controllerOffline;
    }

    /** Closes the readers; badges still waiting get no decision (the agent is stopping). */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS); // a badge being handled still gets its event queued
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readers.forEach(BadgeReader::close);
        readers.clear();
    }
}
