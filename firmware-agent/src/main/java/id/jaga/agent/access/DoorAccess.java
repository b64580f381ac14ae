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
import id.jaga.sensors.wire.AllowList;
import id.jaga.sensors.wire.ControllerState;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import id.jaga.sensors.wire.WireException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    private final CommandSigner signer;
    private final Events events;
    private final BooleanSupplier connected;
    private final Clock clock;
    private final Duration decisionTimeout;
    private final Path allowListFile;
    private final String accessTopic;
    private final String controllerTopic;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-access");
        t.setDaemon(true);
        return t;
    });
    private final List<BadgeReader> readers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<Long, String> decided = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > DECIDED_KEPT;
        }
    };
    private final Object listLock = new Object();
    private final AtomicLong listsRefused = new AtomicLong();
    private volatile AllowList allowList;
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
        this.signer = signer;
        this.events = events;
        this.connected = connected;
        this.clock = clock;
        this.decisionTimeout = decisionTimeout;
        this.allowListFile = stateDir.resolve(agent.id() + ".allowlist.json");
        this.accessTopic = topics.agent(agent.id(), Topics.ACCESS);
        this.controllerTopic = topics.controllerState();
        loadAllowList();
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
            received(message.payload());
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
            seq = events.queue("badge", credential.reader(), data);
            if (door.isEmpty()) {
                LOG.warn("reader {} is at no door of agent {}: badge request {} only reported", credential.reader(), agent.id(), seq);
                return;
            }
            alone = !connected.getAsBoolean() ? "the broker is out of reach"
                    : controllerOffline ? "the controller is offline" : null;
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
        AllowList list = allowList;
        Instant now = clock.instant();
        if (list == null) {
            refuse(door, credential, "no offline allow-list");
            return;
        }
        if (!now.isBefore(list.validUntil())) {
            refuse(door, credential, "offline allow-list expired");
            return;
        }
        String hash = credential.badge() == null ? null : sha256(credential.badge());
        Optional<AllowList.Entry> entry = list.entries().stream()
                .filter(e -> e.reader().equals(credential.reader()) && e.badge().toLowerCase(Locale.ROOT).equals(hash)
                        && !now.isBefore(e.from()) && now.isBefore(e.to()))
                .findFirst();
        if (entry.isEmpty()) {
            refuse(door, credential, "not on the offline allow-list");
            return;
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put("badge", credential.badge());
        data.put("door", door.id());
        if (entry.get().person() != null) {
            data.put("person", entry.get().person());
        }
        data.put("decidedBy", AGENT);
        events.queue("access-granted", credential.reader(), data);
        LOG.info("door {}: badge {} let in by the offline allow-list issued {}", door.id(), credential.badge(), list.issued());
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

    private void received(byte[] payload) {
        if (payload.length == 0) {
            LOG.debug("retained allow-list cleared; the one held stays in use");
            return;
        }
        AllowList list;
        try {
            list = Wire.decode(payload, AllowList.class);
        } catch (WireException e) {
            refused("not an allow-list, " + e.reason() + ": " + e.getMessage());
            return;
        }
        String refusal = refusal(list);
        synchronized (listLock) {
            AllowList held = allowList;
            if (refusal == null && held != null && !list.issued().isAfter(held.issued())) {
                if (held.equals(list)) {
                    return; // the retained list again, after a reconnect
                }
                refusal = "issued " + list.issued() + ", not after the list held (issued " + held.issued() + ")";
            }
            if (refusal != null) {
                refused(refusal);
                return;
            }
            try {
                store(list);
            } catch (IOException e) {
                LOG.error("allow-list issued {} used but not kept: cannot write {}: {}", list.issued(), allowListFile, e.toString());
            }
            allowList = list;
        }
        if (!clock.instant().isBefore(list.validUntil())) {
            LOG.warn("allow-list issued {} accepted, but it expired at {}: it lets nobody in", list.issued(), list.validUntil());
        } else {
            LOG.info("allow-list issued {} accepted: {} entries, valid until {}", list.issued(), list.entries().size(), list.validUntil());
        }
    }

    /** Why a list must not be used, or null: it must be for this agent and signed with its key. */
    private String refusal(AllowList list) {
        if (!agent.id().equals(list.agent())) {
            return "addressed to agent " + list.agent();
        }
        if (signer == null) {
            return "no usable command key on this agent to verify it";
        }
        if (!signer.verifies(list)) {
            return "bad signature";
        }
        return null;
    }

    private void refused(String why) {
        listsRefused.incrementAndGet();
        LOG.warn("allow-list refused: {}", why);
    }

    /** Written beside, forced to disk, then renamed over the old one: a power cut leaves one whole list. */
    private void store(AllowList list) throws IOException {
        Files.createDirectories(allowListFile.getParent());
        Path tmp = allowListFile.resolveSibling(allowListFile.getFileName() + ".tmp");
        Files.write(tmp, Wire.encode(list));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, allowListFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The list kept from before the restart, verified again: the file may have been changed meanwhile. */
    private void loadAllowList() {
        if (!Files.exists(allowListFile)) {
            return;
        }
        AllowList list;
        try {
            list = Wire.decode(Files.readAllBytes(allowListFile), AllowList.class);
        } catch (IOException | WireException e) {
            refused("stored " + allowListFile + " unreadable: " + e.getMessage());
            return;
        }
        String refusal = refusal(list);
        if (refusal != null) {
            refused("stored " + allowListFile + " not used (changed since it was received?): " + refusal);
            return;
        }
        allowList = list;
        LOG.info("allow-list issued {} loaded from {}: valid until {}", list.issued(), allowListFile, list.validUntil());
    }

    /** When the allow-list in use was issued; empty while there is none. */
    public Optional<Instant> allowListIssued() {
        AllowList list = allowList;
        return list == null ? Optional.empty() : Optional.of(list.issued());
    }

    /** Allow-lists refused since the start: not for this agent, not verified, not newer, or a stored one changed. */
    public long allowListsRefused() {
        return listsRefused.get();
    }

    /** Whether the controller's retained state says it is offline: then doors decide at once. */
    public boolean controllerOffline() {
        return controllerOffline;
    }

    /** How the allow-list names a badge: lowercase hex SHA-256 of its id (UTF-8). */
    public static String sha256(String badge) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(badge.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
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
