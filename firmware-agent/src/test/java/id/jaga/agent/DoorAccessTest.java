package id.jaga.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.agent.access.DoorAccess;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.command.CommandSigner;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.wire.AgentEvent;
import id.jaga.sensors.wire.AllowList;
import id.jaga.sensors.wire.Command;
import id.jaga.sensors.wire.CommandResult;
import id.jaga.sensors.wire.ControllerState;
import id.jaga.sensors.wire.Wire;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Badges at the agent's doors over a real broker, this test standing where the controller would:
 * it hears the badge events and sends (or withholds) the signed decisions and allow-lists. Door
 * {@code server-room} is {@code offline: deny}, door {@code cage} {@code offline: allow-list}.
 */
class DoorAccessTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);
    /** Long enough never to end during a test that is not about it. */
    private static final Duration NO_TIMEOUT = Duration.ofMinutes(10);
    private static final String KEY = "controller-and-pi-1-share-this-key-0123456789";
    private static final CommandSigner SIGNER = new CommandSigner(KEY.getBytes(StandardCharsets.UTF_8));
    private static final String ROOT = "jaga/v1/t";

    @TempDir
    Path dir;
    private final SimulatedInputs world = new SimulatedInputs();
    private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    private final List<CommandResult> results = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> unlocks = new java.util.concurrent.ConcurrentHashMap<>();
    private MosquittoBroker broker;
    private MqttWatcher controller;
    private TcpGate gate;
    private Path keyFile;
    private RackAgent agent;
    private int commands;

    @BeforeEach
    void start() throws Exception {
        int port = MosquittoBroker.freePort();
        broker = MosquittoBroker.start(dir, port);
        gate = new TcpGate(MosquittoBroker.freePort(), port);
        controller = MqttWatcher.watch(port, (topic, message) -> {
            if (topic.endsWith("/cmd/result")) {
                results.add(Wire.decode(message.getPayload(), CommandResult.class));
            } else {
                events.add(Wire.decode(message.getPayload(), AgentEvent.class));
            }
        }, ROOT + "/agent/pi-1/cmd/result", ROOT + "/agent/pi-1/event");
        keyFile = Files.writeString(dir.resolve("pi-1.key"), KEY + "\n");
        world.outputs().onSwitch((output, on) -> {
            if (on) {
                unlocks.computeIfAbsent(output, o -> new AtomicInteger()).incrementAndGet();
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.kill();
        }
        gate.close();
        controller.close();
        broker.close();
    }

    private SiteConfig site() {
        return TestKeys.withKeys(new SiteLoader().parse("doors.yaml", """
                site: {id: t}
                broker: {uris: [tcp://127.0.0.1:%d]}
                rooms:
                  - id: room
                    sensors:
                      - {id: door-a, kind: door, agent: pi-1, pollInterval: 1h, driver: {type: simulated, nominal: 0}}
                      - {id: exit-a, kind: exit-request, agent: pi-1, pollInterval: 1h, driver: {type: simulated, nominal: 0}}
                      - {id: door-b, kind: door, agent: pi-1, pollInterval: 1h, driver: {type: simulated, nominal: 0}}
                agents:
                  - id: pi-1
                    room: room
                    publishInterval: 200ms
                    commandKeyFile: %s
                    outputs:
                      - {id: lock-a, kind: lock, driver: {type: simulated}}
                      - {id: lock-b, kind: lock, driver: {type: simulated}}
                    readers:
                      - {id: reader-a, driver: {type: simulated}}
                      - {id: reader-b, driver: {type: simulated}}
                access:
                  doors:
                    - {id: server-room, agent: pi-1, contact: door-a, lock: lock-a, reader: reader-a, exit: exit-a, unlockFor: 5s}
                    - {id: cage, agent: pi-1, contact: door-b, lock: lock-b, reader: reader-b, unlockFor: 5s, offline: allow-list}
                """.formatted(gate.listenPort(), keyFile)));
    }

    private RackAgent agent(Duration decisionTimeout) {
        return new RackAgent(site(), "pi-1", TestDrivers.withSimulated(world), dir.resolve("state"), Clock.systemUTC(), decisionTimeout);
    }

    /** Starts the agent through the open gate and waits until its first telemetry is through: it is subscribed. */
    private void startConnected(Duration decisionTimeout) throws Exception {
        gate.open();
        agent = agent(decisionTimeout);
        agent.start();
        await().atMost(WITHIN).until(() -> agent.queued() == 0 && agent.lastQueuedSeq() >= 0);
    }

    private void controllerOffline() throws Exception {
        controller.publishRetained(ROOT + "/controller/state", Wire.encode(new ControllerState(Wire.SCHEMA, "t", "offline", null, null)));
    }

    private CommandResult decide(String action, Map<String, String> args) throws Exception {
        return send(SIGNER.sign(command("decision-" + ++commands, action, args)));
    }

    private static Command command(String id, String action, Map<String, String> args) {
        Instant now = Instant.now();
        return new Command(Wire.SCHEMA, id, "pi-1", action, args, now, now.plusSeconds(30), null);
    }

    private CommandResult send(Command signed) throws Exception {
        int before = results.size();
        controller.publish(ROOT + "/agent/pi-1/cmd", Wire.encode(signed));
        await().atMost(WITHIN).until(() -> results.size() > before);
        return results.get(before);
    }

    private AgentEvent awaitEvent(String type, String sensor) {
        await().atMost(WITHIN).until(() -> find(type, sensor).isPresent());
        return find(type, sensor).orElseThrow();
    }

    private Optional<AgentEvent> find(String type, String sensor) {
        return events.stream().filter(e -> e.type().equals(type) && sensor.equals(e.sensor())).reduce((first, second) -> second);
    }

    /**
     * With the broker out of reach: waits for the first telemetry batch to be queued and returns
     * what the queue holds then. Nothing else is queued by itself afterwards: the polls are an hour
     * apart, and no heartbeat is made while the broker is away.
     */
    private int heldForTheBroker() {
        await().atMost(WITHIN).until(() -> agent.lastQueuedSeq() >= 0);
        return agent.queued();
    }

    private List<String> types() {
        return events.stream().map(AgentEvent::type).toList();
    }

    private int unlocked(String lock) {
        return unlocks.getOrDefault(lock, new AtomicInteger()).get();
    }

    private static Map<String, String> unlock(String lock, long request) {
        return Map.of("output", lock, "seconds", "5", "request", Long.toString(request));
    }

    /** A list signed with the agent's key; each entry: reader, badge id, person (or null), from, to. */
    private static AllowList list(Instant issued, Instant validUntil, AllowList.Entry... entries) {
        return SIGNER.sign(new AllowList(Wire.SCHEMA, "pi-1", issued, validUntil, List.of(entries), null));
    }

    private static AllowList.Entry entry(String badge, String person, Instant from, Instant to) {
        return new AllowList.Entry("reader-b", AllowList.badgeHash(badge), person, from, to);
    }

    private void publish(AllowList list) throws Exception {
        controller.publishRetained(ROOT + "/agent/pi-1/access", Wire.encode(list));
    }

    @Test
    void aBadgeIsPublishedAndTheControllersUnlockOpensItsDoor() throws Exception {
        startConnected(NO_TIMEOUT);

        world.presentBadge("reader-a", "8106606");
        AgentEvent badge = awaitEvent("badge", "reader-a");
        assertEquals(Map.of("badge", "8106606"), badge.data());

        CommandResult result = decide("unlock", unlock("lock-a", badge.seq()));
        assertEquals("done", result.result(), result.reason());
        assertTrue(world.outputs().isOn("lock-a"));
        assertEquals(1, unlocked("lock-a"));
    }

    @Test
    void aPinGoesWithItsBadgeOrAlone() throws Exception {
        startConnected(NO_TIMEOUT);

        world.presentBadge("reader-a", "8106606", "4711");
        await().atMost(WITHIN).until(() -> find("badge", "reader-a").isPresent());
        world.enterPin("reader-a", "1234");

        await().atMost(WITHIN).until(() -> events.stream().filter(e -> e.type().equals("badge")).count() == 2);
        assertEquals(List.of(Map.of("badge", "8106606", "pin", "4711"), Map.of("pin", "1234")),
                events.stream().filter(e -> e.type().equals("badge")).map(AgentEvent::data).toList());
    }

    @Test
    void theControllersDenyEndsTheWaitAndOpensNothing() throws Exception {
        startConnected(Duration.ofSeconds(2));

        world.presentBadge("reader-a", "99");
        AgentEvent badge = awaitEvent("badge", "reader-a");
        CommandResult result = decide("deny", Map.of("reader", "reader-a", "request", Long.toString(badge.seq()),
                "reason", "outside schedule"));
        assertEquals("done", result.result(), result.reason());

        // A later badge nobody answers is decided by the door after the wait; had the deny not ended
        // the first one's wait, the door would have decided that one before.
        world.presentBadge("reader-a", "100");
        awaitEvent("access-denied", "reader-a");
        assertEquals(List.of("100"), events.stream().filter(e -> e.type().equals("access-denied"))
                .map(e -> e.data().get("badge")).toList());
        assertEquals(0, unlocked("lock-a"));
    }

    @Test
    void aReplayedUnlockIsRejectedAndTheLockPulsedOnce() throws Exception {
        startConnected(NO_TIMEOUT);
        world.presentBadge("reader-a", "8106606");
        AgentEvent badge = awaitEvent("badge", "reader-a");

        Command unlock = SIGNER.sign(command("decision-x", "unlock", unlock("lock-a", badge.seq())));
        assertEquals("done", send(unlock).result());
        CommandResult replay = send(unlock);

        assertEquals("rejected", replay.result());
        assertEquals("replayed command id decision-x", replay.reason());
        assertEquals(1, unlocked("lock-a"));
    }

    @Test
    void anUnlockForAnotherDoorThanTheBadgesIsRejected() throws Exception {
        startConnected(NO_TIMEOUT);
        world.presentBadge("reader-a", "8106606");
        AgentEvent badge = awaitEvent("badge", "reader-a");

        CommandResult wrong = decide("unlock", unlock("lock-b", badge.seq()));
        CommandResult unknown = decide("unlock", unlock("lock-a", badge.seq() + 1000));
        CommandResult remote = decide("unlock", Map.of("output", "lock-b", "seconds", "5"));

        assertEquals("request " + badge.seq() + " is for door server-room, whose lock is lock-a, not lock-b", wrong.reason());
        assertEquals("no badge request " + (badge.seq() + 1000) + " is awaiting a decision", unknown.reason());
        assertEquals("done", remote.result(), "a remote unlock answers no badge");
        assertEquals(0, unlocked("lock-a"));
        assertEquals(1, unlocked("lock-b"));
    }

    @Test
    void withTheControllerOfflineADenyDoorRefusesAtOnce() throws Exception {
        controllerOffline();
        startConnected(NO_TIMEOUT);
        await().atMost(WITHIN).until(() -> agent.access().controllerOffline());

        world.presentBadge("reader-a", "8106606");

        AgentEvent denied = awaitEvent("access-denied", "reader-a");
        assertEquals(Map.of("badge", "8106606", "door", "server-room", "reason", "controller unreachable", "decidedBy", "agent"),
                denied.data());
        assertEquals(List.of("badge", "access-denied"), types());
        assertEquals(0, unlocked("lock-a"));
    }

    @Test
    void whenNoDecisionComesADenyDoorRefusesAndALateDecisionIsRejected() throws Exception {
        startConnected(Duration.ofMillis(300));

        world.presentBadge("reader-a", "8106606");
        AgentEvent denied = awaitEvent("access-denied", "reader-a");
        AgentEvent badge = find("badge", "reader-a").orElseThrow();
        assertEquals("controller unreachable", denied.data().get("reason"));
        assertTrue(badge.seq() < denied.seq(), "the badge, then the agent's decision");

        CommandResult late = decide("unlock", unlock("lock-a", badge.seq()));
        CommandResult lateDeny = decide("deny", Map.of("reader", "reader-a", "request", Long.toString(badge.seq()), "reason", "x"));

        assertEquals("rejected", late.result());
        assertEquals("request " + badge.seq() + " already decided by the agent", late.reason());
        assertEquals("request " + badge.seq() + " already decided by the agent", lateDeny.reason());
        assertEquals(0, unlocked("lock-a"));
    }

    @Test
    void anAllowListDoorLetsInAListedBadgeInsideItsWindowOnly() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AllowList list = list(now.minusSeconds(60), now.plus(Duration.ofDays(7)),
                entry("1001", "budi", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1))),
                entry("1002", "sari", now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2))),
                new AllowList.Entry("reader-a", AllowList.badgeHash("1003"), null, now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1))));
        publish(list);
        controllerOffline();
        startConnected(NO_TIMEOUT);
        await().atMost(WITHIN).until(() -> agent.access().allowListIssued().equals(Optional.of(list.issued())));
        await().atMost(WITHIN).until(() -> agent.access().controllerOffline());

        world.presentBadge("reader-b", "1001");
        AgentEvent granted = awaitEvent("access-granted", "reader-b");
        assertEquals(Map.of("badge", "1001", "door", "cage", "person", "budi", "decidedBy", "agent"), granted.data());
        assertTrue(world.outputs().isOn("lock-b"));

        world.presentBadge("reader-b", "1002"); // its window starts in an hour
        assertEquals("not on the offline allow-list", awaitEvent("access-denied", "reader-b").data().get("reason"));
        events.clear();
        world.presentBadge("reader-b", "1003"); // listed, but for the other reader
        assertEquals(Map.of("badge", "1003", "door", "cage", "reason", "not on the offline allow-list", "decidedBy", "agent"),
                awaitEvent("access-denied", "reader-b").data());
        assertEquals(1, unlocked("lock-b"));
        assertTrue(Files.exists(dir.resolve("state/pi-1.allowlist.json")));
    }

    @Test
    void anAllowListWithABadSignatureIsRefused() throws Exception {
        Instant now = Instant.now();
        AllowList genuine = list(now, now.plus(Duration.ofDays(7)), entry("1001", null, now.minusSeconds(3600), now.plusSeconds(3600)));
        AllowList forged = new CommandSigner("someone-else's-key-that-is-long-enough-too".getBytes(StandardCharsets.UTF_8)).sign(genuine);
        publish(forged);
        controllerOffline();
        startConnected(NO_TIMEOUT);
        await().atMost(WITHIN).until(() -> agent.access().allowListsRefused() == 1);
        await().atMost(WITHIN).until(() -> agent.access().controllerOffline());

        world.presentBadge("reader-b", "1001");

        assertEquals("no offline allow-list", awaitEvent("access-denied", "reader-b").data().get("reason"));
        assertEquals(Optional.empty(), agent.access().allowListIssued());
        assertEquals(0, unlocked("lock-b"));
        assertFalse(Files.exists(dir.resolve("state/pi-1.allowlist.json")));
    }

    @Test
    void anExpiredAllowListLetsNobodyIn() throws Exception {
        Instant now = Instant.now();
        AllowList expired = list(now.minus(Duration.ofDays(8)), now.minusSeconds(60),
                entry("1001", null, now.minusSeconds(3600), now.plusSeconds(3600)));
        publish(expired);
        startConnected(Duration.ofMillis(300)); // and the controller just says nothing
        await().atMost(WITHIN).until(() -> agent.access().allowListIssued().isPresent());

        world.presentBadge("reader-b", "1001");

        assertEquals("offline allow-list expired", awaitEvent("access-denied", "reader-b").data().get("reason"));
        assertEquals(0, unlocked("lock-b"));
    }

    @Test
    void aNewerListReplacesTheHeldOneAndAnOlderOneIsRefused() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.minusSeconds(3600);
        Instant to = now.plusSeconds(3600);
        startConnected(NO_TIMEOUT);
        publish(list(now.minusSeconds(20), now.plus(Duration.ofDays(1)), entry("1001", null, from, to)));
        await().atMost(WITHIN).until(() -> agent.access().allowListIssued().equals(Optional.of(now.minusSeconds(20))));

        publish(list(now.minusSeconds(10), now.plus(Duration.ofDays(1)), entry("1002", null, from, to)));
        await().atMost(WITHIN).until(() -> agent.access().allowListIssued().equals(Optional.of(now.minusSeconds(10))));
        publish(list(now.minusSeconds(30), now.plus(Duration.ofDays(1)), entry("1001", null, from, to)));
        await().atMost(WITHIN).until(() -> agent.access().allowListsRefused() == 1);

        assertEquals(Optional.of(now.minusSeconds(10)), agent.access().allowListIssued());
    }

    @Test
    void theStoredListSurvivesARestartAndGrantsWithoutTheBroker() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AllowList list = list(now, now.plus(Duration.ofDays(7)), entry("1001", "budi", now.minusSeconds(3600), now.plusSeconds(3600)));
        publish(list);
        startConnected(NO_TIMEOUT);
        await().atMost(WITHIN).until(() -> agent.access().allowListIssued().isPresent());
        agent.close();
        gate.shut(); // from now on the agent can only have the list from its disk

        agent = agent(NO_TIMEOUT);
        assertEquals(Optional.of(now), agent.access().allowListIssued());
        List<Integer> queuedWhenUnlocked = new CopyOnWriteArrayList<>();
        world.outputs().onSwitch((output, on) -> {
            if (on && output.equals("lock-b")) {
                queuedWhenUnlocked.add(agent.queued());
            }
        });
        agent.start();
        int before = heldForTheBroker();

        world.presentBadge("reader-b", "1001");

        await().atMost(WITHIN).until(() -> world.outputs().isOn("lock-b"));
        assertEquals(List.of(before + 2), queuedWhenUnlocked, "badge and access-granted were queued before the lock opened");
        events.clear();
        gate.open();
        await().atMost(WITHIN).until(() -> types().equals(List.of("badge", "access-granted")));
        assertEquals("agent", events.get(1).data().get("decidedBy"));
    }

    @Test
    void aStoredListChangedOnDiskIsRefusedAtStart() throws Exception {
        Instant now = Instant.now();
        publish(list(now, now.plus(Duration.ofDays(7)), entry("1001", null, now.minusSeconds(3600), now.plusSeconds(3600))));
        startConnected(NO_TIMEOUT);
        await().atMost(WITHIN).until(() -> agent.access().allowListIssued().isPresent());
        agent.close();
        Path stored = dir.resolve("state/pi-1.allowlist.json");
        // Someone lets badge 666 in by editing the file.
        Files.writeString(stored, Files.readString(stored).replace(AllowList.badgeHash("1001"), AllowList.badgeHash("666")));
        gate.shut();

        agent = agent(NO_TIMEOUT);
        agent.start();
        world.presentBadge("reader-b", "666");

        assertEquals(Optional.empty(), agent.access().allowListIssued());
        assertEquals(1, agent.access().allowListsRefused());
        gate.open();
        assertEquals("no offline allow-list", awaitEvent("access-denied", "reader-b").data().get("reason"));
        assertEquals(0, unlocked("lock-b"));
    }

    @Test
    void theExitButtonOpensItsDoorWithoutControllerOrBrokerAfterItsEventIsQueued() throws Exception {
        agent = agent(NO_TIMEOUT); // the gate is shut: nobody to ask
        List<Integer> queuedWhenUnlocked = new CopyOnWriteArrayList<>();
        world.outputs().onSwitch((output, on) -> {
            if (on && output.equals("lock-a")) {
                queuedWhenUnlocked.add(agent.queued());
            }
        });
        agent.start();
        int before = heldForTheBroker();

        world.set("exit-a", 1);

        await().atMost(WITHIN).until(() -> world.outputs().isOn("lock-a"));
        assertEquals(List.of(before + 1), queuedWhenUnlocked, "the exit-request event was queued before the lock opened");
        gate.open();
        AgentEvent exit = awaitEvent("exit-request", "exit-a");
        assertEquals(Map.of("state", "1"), exit.data());
    }
}
