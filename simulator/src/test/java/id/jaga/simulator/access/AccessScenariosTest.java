package id.jaga.simulator.access;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import id.jaga.simulator.SimulatorDrivers;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.controller.Controller;
import id.jaga.controller.SiteFileWatcher;
import id.jaga.controller.auth.Role;
import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.mqtt.MessageListener;
import id.jaga.sensors.wire.Command;
import id.jaga.sensors.wire.CommandResult;
import id.jaga.sensors.wire.SecurityEvent;
import id.jaga.sensors.wire.Wire;
import id.jaga.simulator.ApiClient;
import id.jaga.simulator.SimulatedSite;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Doors end to end: the real agent code with simulated readers, contacts and locks, an embedded
 * broker, and the controller deciding. The NOC's view is a plain MQTT subscriber on the security
 * topic; a second one records the commands on the wire, as an eavesdropper would.
 */
class AccessScenariosTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final ZoneId ZONE = ZoneId.of("Asia/Makassar");
    private static final String ROOT = "jaga/v1/access-test";

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;
    static EmbeddedBroker broker;
    static MqttClient listener;
    static final List<SecurityEvent> security = new CopyOnWriteArrayList<>();
    static final List<MqttMessage> commands = new CopyOnWriteArrayList<>();
    static final List<CommandResult> results = new CopyOnWriteArrayList<>();
    Controller controller;
    SimulatedSite site;
    final java.util.Map<String, Integer> unlocked = new java.util.concurrent.ConcurrentHashMap<>();
    final ApiClient api = new ApiClient(() -> controller.apiUrl());

    @BeforeAll
    static void startPeers() throws Exception {
        broker = EmbeddedBroker.start("127.0.0.1", freePort(), shared.resolve("broker"));
        listener = new MqttClient(broker.uri(), "noc-security", new MemoryPersistence());
        listener.setCallback(MessageListener.of((topic, m) -> {
            if (topic.equals(ROOT + "/security")) {
                security.add(Wire.decode(m.getPayload(), SecurityEvent.class));
            } else if (topic.endsWith("/cmd/result")) {
                results.add(Wire.decode(m.getPayload(), CommandResult.class));
            } else if (topic.endsWith("/cmd")) {
                commands.add(m);
            }
        }));
        listener.connect(new MqttConnectionOptions());
        listener.subscribe(new String[] {ROOT + "/security", ROOT + "/agent/+/cmd", ROOT + "/agent/+/cmd/result"}, new int[] {1, 1, 1});
    }

    @AfterAll
    static void stopPeers() throws Exception {
        listener.disconnect();
        listener.close();
        broker.close();
    }

    /**
     * Staff may enter in a window of the day that is not now, so "now" is always after hours; a
     * vendor's pass is for tomorrow.
     */
    private String siteFile() {
        ZonedDateTime now = ZonedDateTime.now(ZONE);
        LocalTime from = now.toLocalTime().isBefore(LocalTime.of(20, 0)) ? now.toLocalTime().plusHours(2) : LocalTime.of(1, 0);
        LocalTime to = from.plusHours(1);
        String fromText = "%02d:%02d".formatted(from.getHour(), from.getMinute());
        String toText = "%02d:%02d".formatted(to.getHour(), to.getMinute());
        LocalDate tomorrow = now.toLocalDate().plusDays(1);
        return """
                site: {id: access-test, timezone: Asia/Makassar}
                broker: {uris: ["%1$s"]}
                storage: {url: "jdbc:h2:file:%2$s"}
                controller: {http: {port: 0}}
                rooms:
                  - id: server-room
                    sensors:
                      - {id: door-main, kind: door, agent: pi-a, pollInterval: 1s, driver: {type: simulated, nominal: 0}}
                      - {id: exit-main, kind: exit-request, agent: pi-a, pollInterval: 1s, driver: {type: simulated, nominal: 0}}
                      - {id: tamper-main, kind: tamper, agent: pi-a, pollInterval: 1s, driver: {type: simulated, nominal: 0}}
                      - {id: door-store, kind: door, agent: pi-b, pollInterval: 1s, driver: {type: simulated, nominal: 0}}
                      - {id: door-vault, kind: door, agent: pi-b, pollInterval: 1s, driver: {type: simulated, nominal: 0}}
                agents:
                  - id: pi-a
                    room: server-room
                    publishInterval: 1s
                    outputs: [{id: lock-main, kind: lock, driver: {type: simulated}}]
                    readers: [{id: reader-main, driver: {type: simulated}}]
                  - id: pi-b
                    room: server-room
                    publishInterval: 1s
                    outputs: [{id: lock-store, kind: lock, driver: {type: simulated}}, {id: lock-vault, kind: lock, driver: {type: simulated}}]
                    readers: [{id: reader-store, driver: {type: simulated}}, {id: reader-vault, driver: {type: simulated}}]
                access:
                  schedules:
                    staff-hours: [{days: [mon, tue, wed, thu, fri, sat, sun], from: "%3$s", to: "%4$s"}]
                  doors:
                    - {id: server-room-door, name: Ruang Server, room: server-room, agent: pi-a, contact: door-main, lock: lock-main,
                       reader: reader-main, exit: exit-main, tamper: tamper-main, unlockFor: 3s, heldOpenAfter: 4s, remoteUnlock: [operator, security-officer]}
                    - {id: store-room, agent: pi-b, contact: door-store, lock: lock-store, reader: reader-store, unlockFor: 3s,
                       offline: allow-list}
                    - {id: vault, agent: pi-b, contact: door-vault, lock: lock-vault, reader: reader-vault, twoPersonOutside: staff-hours}
                  people:
                    - {id: andi, name: Andi Pratama, role: engineer, badges: ["4152011"]}
                    - {id: dewi, name: Dewi Lestari, role: engineer, badges: ["4152013"]}
                    - {id: sari, name: Sari Dewi, role: staff, badges: ["4152012"]}
                    - {id: budi-vendor, name: Budi (PT Daya UPS), role: vendor, badges: ["4188802"]}
                  rules:
                    - {id: engineers, roles: [engineer], doors: [server-room-door, store-room, vault], schedule: always}
                    - {id: staff, roles: [staff], doors: [server-room-door, store-room], schedule: staff-hours}
                    - {id: ups-visit, people: [budi-vendor], doors: [server-room-door], on: %5$s, from: "00:00", to: "23:59"}
                """.formatted(broker.uri(), tmp.resolve("db/jaga").toAbsolutePath(), fromText, toText, tomorrow);
    }

    @BeforeEach
    void startSite() throws Exception {
        security.clear();
        commands.clear();
        results.clear();
        Path file = tmp.resolve("site.yaml");
        Files.writeString(file, siteFile());
        SiteConfig config = SimulatedSite.withAgentKeys(
                new SiteLoader(List.of(SimulatorDrivers.of(new SimulatedInputs()).siteCheck())).load(file), tmp.resolve("keys"));
        controller = Controller.start(config, tmp.resolve("controller"), Clock.systemUTC());
        controller.accounts().create("budi", "operator-password", Role.OPERATOR);
        controller.accounts().create("tamu", "viewer-password", Role.VIEWER);
        site = new SimulatedSite(config, tmp.resolve("agents"), Clock.systemUTC());
        unlocked.clear();
        site.inputs().outputs().onSwitch((output, on) -> {
            if (on) {
                unlocked.merge(output, 1, Integer::sum);
            }
        });
        site.start();
        await().atMost(WITHIN).until(() -> controller.isConnected() && site.agents().stream().allMatch(a -> a.queued() == 0)
                && api.get("/api/doors", api.login("tamu", "viewer-password")).toString().contains("\"closed\""));
    }

    @AfterEach
    void stopSite() {
        site.close();
        controller.close();
    }

    private SimulatedInputs inputs() {
        return site.inputs();
    }

    /** How often the lock was released since the site started. */
    private int unlocks(String lock) {
        return unlocked.getOrDefault(lock, 0);
    }

    private SecurityEvent awaitSecurity(String type, String door) {
        return await().atMost(WITHIN).until(() -> security.stream()
                .filter(e -> e.type().equals(type) && java.util.Objects.equals(door, e.door())).findFirst(),
                java.util.Optional::isPresent).get();
    }

    private JsonNode activeAlarms() throws Exception {
        return api.get("/api/alarms?state=active", api.login("tamu", "viewer-password"));
    }

    @Test
    void aKnownBadgeOpensTheDoorAndTheEntryIsLoggedWithThePerson() {
        inputs().presentBadge("reader-main", "4152011");
        SecurityEvent granted = awaitSecurity("access-granted", "server-room-door");
        assertEquals("andi", granted.person());
        assertTrue(granted.agentTs() != null && !granted.ts().isBefore(granted.agentTs().minusSeconds(1)), "both times are kept");
        await().atMost(WITHIN).until(() -> unlocks("lock-main") == 1);

        inputs().set("door-main", 1); // walks in within the unlock time
        awaitSecurity("door-opened", "server-room-door");
        inputs().set("door-main", 0);
        awaitSecurity("door-closed", "server-room-door");
        assertTrue(security.stream().noneMatch(e -> e.type().equals("door-forced")), "a granted entry is not forced");
    }

    @Test
    void deniedBadgesAreLoggedWithTheirReasonAndOpenNothing() {
        inputs().presentBadge("reader-main", "9999999");
        assertEquals("badge:9999999", awaitSecurity("access-denied", "server-room-door").person());
        inputs().presentBadge("reader-main", "4152012"); // staff, after hours
        inputs().presentBadge("reader-main", "4188802"); // the vendor, a day early
        await().atMost(WITHIN).until(() -> security.stream().filter(e -> e.type().equals("access-denied")).count() == 3);
        List<String> reasons = security.stream().filter(e -> e.type().equals("access-denied")).map(SecurityEvent::detail).toList();
        assertTrue(reasons.get(0).contains("unknown badge"), reasons.get(0));
        assertTrue(reasons.get(1).contains("outside hours") && !reasons.get(1).contains("pass"), reasons.get(1));
        assertTrue(reasons.get(2).contains("pass valid on " + LocalDate.now(ZONE).plusDays(1)), reasons.get(2));
        assertEquals(0, unlocks("lock-main"));
    }

    @Test
    void aDoorHeldOpenAlarmsUntilItCloses() throws Exception {
        inputs().presentBadge("reader-main", "4152011");
        awaitSecurity("access-granted", "server-room-door");
        await().atMost(WITHIN).until(() -> unlocks("lock-main") == 1);
        inputs().set("door-main", 1);
        awaitSecurity("door-held-open", "server-room-door");
        await().atMost(WITHIN).until(() -> activeAlarms().toString().contains("door-held-open"));
        inputs().set("door-main", 0);
        await().atMost(WITHIN).until(() -> !activeAlarms().toString().contains("door-held-open"));
    }

    @Test
    void aDoorOpenedWithoutAGrantIsForcedAndStaysAlarmedUntilReset() throws Exception {
        inputs().set("door-main", 1);
        SecurityEvent forced = awaitSecurity("door-forced", "server-room-door");
        assertTrue(forced.agentTs() != null, "the time the agent saw it");
        await().atMost(WITHIN).until(() -> activeAlarms().toString().contains("door-forced"));
        JsonNode alarm = java.util.stream.StreamSupport.stream(activeAlarms().get("items").spliterator(), false)
                .filter(a -> a.get("type").asText().equals("door-forced")).findFirst().orElseThrow();
        assertEquals("critical", alarm.get("severity").asText());
        inputs().set("door-main", 0);
        awaitSecurity("door-closed", "server-room-door");
        assertTrue(activeAlarms().toString().contains("door-forced"), "latched: a person must reset it");

        inputs().set("exit-main", 1); // leaving by the exit button is no forced door
        inputs().set("exit-main", 0);
        await().atMost(WITHIN).until(() -> unlocks("lock-main") == 1);
        inputs().set("door-main", 1);
        await().atMost(WITHIN).until(() -> security.stream().filter(e -> e.type().equals("door-opened")).count() == 2);
        assertEquals(1, security.stream().filter(e -> e.type().equals("door-forced")).count());
    }

    @Test
    void anOperatorUnlocksRemotelyAViewerMayNotAndBothAreLogged() throws Exception {
        String reason = "{\"reason\":\"UPS technician at the door, ticket 4711\"}";
        HttpResponse<String> refused = api.post("/api/doors/server-room-door/unlock", reason, api.login("tamu", "viewer-password"));
        assertEquals(403, refused.statusCode(), refused.body());
        SecurityEvent refusal = awaitSecurity("remote-unlock-refused", "server-room-door");
        assertEquals("tamu", refusal.person());

        HttpResponse<String> done = api.post("/api/doors/server-room-door/unlock", reason, api.login("budi", "operator-password"));
        assertEquals(200, done.statusCode(), done.body());
        assertEquals("done", ApiClient.json(done.body()).get("result").asText());
        assertEquals(1, unlocks("lock-main"));
        SecurityEvent asked = awaitSecurity("remote-unlock", "server-room-door");
        assertEquals("budi", asked.person());
        assertTrue(asked.detail().contains("ticket 4711") && asked.detail().contains("from 127.0.0.1"), asked.detail());
        awaitSecurity("remote-unlock-done", "server-room-door");
        assertEquals(400, api.post("/api/doors/server-room-door/unlock", "{}", api.login("budi", "operator-password")).statusCode(),
                "no reason, no unlock");
    }

    @Test
    void aCapturedUnlockCommandSentAgainIsRejectedByTheAgent() throws Exception {
        assertEquals(200, api.post("/api/doors/server-room-door/unlock", "{\"reason\":\"test\"}",
                api.login("budi", "operator-password")).statusCode());
        MqttMessage captured = commands.get(0);
        Command command = Wire.decode(captured.getPayload(), Command.class);
        listener.publish(ROOT + "/agent/pi-a/cmd", captured.getPayload(), 1, false);
        CommandResult replay = await().atMost(WITHIN).until(() -> results.stream()
                .filter(r -> r.id().equals(command.id()) && r.result().equals("rejected")).findFirst(), java.util.Optional::isPresent).get();
        assertTrue(replay.reason().contains("replayed"), replay.reason());
        assertEquals(1, unlocks("lock-main"), "opened once");
    }

    @Test
    void withTheControllerDownEachDoorFollowsItsOfflinePolicy() throws Exception {
        await().atMost(WITHIN).until(() -> Files.exists(tmp.resolve("agents/pi-b.allowlist.json")));
        controller.close();
        inputs().presentBadge("reader-store", "4152011"); // allow-list door, always allowed: in
        await().atMost(WITHIN).until(() -> unlocks("lock-store") == 1);
        inputs().presentBadge("reader-store", "4152012"); // allowed only in staff hours: not now
        inputs().presentBadge("reader-main", "4152011");  // a deny door: nobody
        controller = Controller.start(controller.site(), tmp.resolve("controller"), Clock.systemUTC());
        SecurityEvent offlineGrant = awaitSecurity("access-granted", "store-room");
        assertTrue(offlineGrant.detail().contains("decidedBy=agent"), offlineGrant.detail());
        await().atMost(WITHIN).until(() -> security.stream().filter(e -> e.type().equals("access-denied")).count() == 2);
        assertEquals(1, unlocks("lock-store"));
        assertEquals(0, unlocks("lock-main"));
        assertFalse(security.stream().anyMatch(e -> e.type().equals("door-forced")));
    }

    @Test
    void afterHoursTheVaultOpensOnlyForTwoAuthorisedPeople() {
        inputs().presentBadge("reader-vault", "4152011");
        SecurityEvent waiting = awaitSecurity("access-denied", "vault");
        assertTrue(waiting.detail().contains("two-person rule"), waiting.detail());
        assertEquals(0, unlocks("lock-vault"));
        inputs().presentBadge("reader-vault", "4152011"); // the same person twice is still one person
        await().atMost(WITHIN).until(() -> security.stream().filter(e -> e.type().equals("access-denied")).count() == 2);
        inputs().presentBadge("reader-vault", "4152013");
        SecurityEvent granted = awaitSecurity("access-granted", "vault");
        assertEquals("dewi", granted.person());
        assertTrue(granted.detail().contains("with andi"), granted.detail());
        await().atMost(WITHIN).until(() -> unlocks("lock-vault") == 1);
    }

    @Test
    void aChangedSiteFileIsInForceWithoutARestartAndABrokenOneIsRefused() throws Exception {
        Path file = tmp.resolve("site.yaml");
        try (SiteFileWatcher watcher = new SiteFileWatcher(file, controller,
                new SiteLoader(List.of(SimulatorDrivers.of(new SimulatedInputs()).siteCheck())), Duration.ofMillis(200))) {
            Files.writeString(file, siteFile().replace("  people:\n",
                    "  people:\n    - {id: nina, name: Nina Kusuma, role: engineer, badges: [\"4152099\"]}\n"));
            awaitSecurity("access-rules-reloaded", null);
            inputs().presentBadge("reader-main", "4152099");
            assertEquals("nina", awaitSecurity("access-granted", "server-room-door").person());

            Files.writeString(file, siteFile().replace("badges: [\"4152011\"]", "badges: [\"41-52\"]"));
            SecurityEvent refused = awaitSecurity("site-file-refused", null);
            assertTrue(refused.detail().contains("access.people[0].badges[0]"), refused.detail());
            await().atMost(WITHIN).until(() -> activeAlarms().toString().contains("site-file-invalid"));
            inputs().presentBadge("reader-main", "4152099");
            await().atMost(WITHIN).until(() -> security.stream().filter(e -> e.type().equals("access-granted")).count() == 2);
        }
    }

    @Test
    void anAgentLostWhileItsDoorIsOpenIsItsOwnAlarm() throws Exception {
        inputs().presentBadge("reader-main", "4152011");
        await().atMost(WITHIN).until(() -> unlocks("lock-main") == 1);
        inputs().set("door-main", 1);
        awaitSecurity("door-opened", "server-room-door");
        site.crash("pi-a"); // a power cut in the rack row: the broker sends its last will
        SecurityEvent lost = awaitSecurity("door-open-agent-offline", "server-room-door");
        assertTrue(lost.detail().contains("pi-a"), lost.detail());
        await().atMost(WITHIN).until(() -> activeAlarms().toString().contains("door-open-agent-offline"));
    }

    @Test
    void aTamperedReaderIsLoggedAndAlarmedUntilItIsClosedAgain() throws Exception {
        inputs().set("tamper-main", 1);
        SecurityEvent tampered = awaitSecurity("tamper", "server-room-door");
        assertTrue(tampered.detail().contains("sensor=tamper-main"), tampered.detail());
        await().atMost(WITHIN).until(() -> activeAlarms().toString().contains("door-tamper"));
        inputs().set("tamper-main", 0);
        awaitSecurity("tamper-cleared", "server-room-door");
        await().atMost(WITHIN).until(() -> !activeAlarms().toString().contains("door-tamper"));
    }

    @Test
    void securityEventsArePublishedInChainOrder() {
        inputs().presentBadge("reader-main", "4152011");
        inputs().set("door-main", 1);
        inputs().set("door-main", 0);
        inputs().presentBadge("reader-main", "9999999");
        await().atMost(WITHIN).until(() -> security.size() >= 4);
        for (int i = 1; i < security.size(); i++) {
            assertEquals(security.get(i - 1).seq() + 1, security.get(i).seq(), "no gap, no reordering");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
