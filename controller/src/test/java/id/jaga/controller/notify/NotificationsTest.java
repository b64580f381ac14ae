package id.jaga.controller.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.controller.alarm.Alarm;
import id.jaga.controller.alarm.AlarmChange;
import id.jaga.controller.alarm.AlarmSourcesTest;
import id.jaga.controller.HandClock;
import id.jaga.controller.storage.Database;
import id.jaga.config.Storage;
import id.jaga.controller.presence.Presence;
import id.jaga.sensors.wire.AlarmEvent;
import id.jaga.sensors.wire.AlarmNotification;
import id.jaga.sensors.wire.Wire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhooks against a real HTTP server in the test, one of them failing at first, one dead. */
class NotificationsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");
    private static final String SECRET = "webhook-secret-shared-with-the-noc";

    @TempDir
    Path dir;
    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger flakyFailuresLeft = new AtomicInteger(2);
    private Notifications notifications;
    private Database db;
    private String base;
    private final HandClock clock = new HandClock(T0);

    record Received(String path, String body, String signature) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = path.equals("/flaky") && flakyFailuresLeft.getAndDecrement() > 0 ? 500 : 204;
            if (status == 204) {
                received.add(new Received(path, new String(body, StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst("X-Jaga-Signature")));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        Path secret = Files.writeString(dir.resolve("noc.secret"), SECRET + "\n");
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        notifications = notifications("""
                  - {id: noc, type: webhook, url: "%s/noc", secretFile: %s, groupWithin: 0s}
                  - {id: on-call, type: webhook, url: "%s/flaky", severities: [critical], groupWithin: 0s}
                  - {id: other-room, type: webhook, url: "%s/other", rooms: [noc-room], groupWithin: 0s}
                  - {id: dead, type: webhook, url: "http://127.0.0.1:%d/gone", groupWithin: 0s}
                """.formatted(base, secret, base, base, dead));
    }

    private Notifications notifications(String channels) {
        SiteConfig site = new SiteLoader().parse("notify.yaml", """
                site: {id: dc}
                rooms: [{id: server-room}, {id: noc-room}]
                agents: [{id: pi-1, room: server-room}]
                racks:
                  - id: rack-1
                    room: server-room
                    sensors: [{id: inlet, kind: temperature, agent: pi-1, driver: {type: simulated}}]
                notifications:
                """ + channels);
        return new Notifications(site, new NotificationLog(db), clock);
    }

    @AfterEach
    void stop() {
        notifications.close();
        server.stop(0);
        db.close();
    }

    private static Alarm alarm(String source, String type, Severity severity) {
        return new Alarm(7, source, type, severity, Alarm.State.ACTIVE, source + " " + type, 33.0, 33.0, 1, T0, T0, null,
                false, true, null, null);
    }

    @Test
    void eachChangeReachesTheChannelsThatWantItSignedAndRetriedUntilTaken() throws Exception {
        notifications.changed(new AlarmChange(alarm("inlet", "temperature-high", Severity.CRITICAL), "raised"), List.of());

        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2);
        Received noc = received.stream().filter(r -> r.path().equals("/noc")).findFirst().orElseThrow();
        AlarmEvent event = events(noc).get(0);
        assertEquals("raised", event.change());
        assertEquals("critical", event.severity());
        assertEquals("sha256=" + hmac(noc.body()), noc.signature(), "signed with the channel's secret");
        assertTrue(received.stream().anyMatch(r -> r.path().equals("/flaky")), "delivered after two failures");
        assertTrue(received.stream().noneMatch(r -> r.path().equals("/other")), "not for this room");

        Channel.Status dead = notifications.statuses().get("dead");
        await().atMost(Duration.ofSeconds(20)).until(() -> notifications.statuses().get("dead").failedAttempts() > 0);
        assertEquals("failing", notifications.statuses().get("dead").state());
        assertEquals(1, notifications.statuses().get("noc").delivered(), "a dead channel holds up nobody: " + dead);
        assertEquals(2, notifications.statuses().get("on-call").failedAttempts());
    }

    @Test
    void lowerSeveritiesSkipAChannelThatAsksOnlyForCritical() {
        notifications.changed(new AlarmChange(alarm("inlet", "temperature-high", Severity.WARNING), "raised"), List.of());

        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
        assertEquals("/noc", received.get(0).path());
    }

    @Test
    void anAgentOfflineMutesTheAlarmsOfItsSensors() {
        Alarm offline = alarm("pi-1", Presence.OFFLINE, Severity.MAJOR);
        notifications.changed(new AlarmChange(offline, "raised"), List.of(offline));
        notifications.changed(new AlarmChange(alarm("inlet", "no-data", Severity.MINOR), "raised"), List.of(offline));

        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
        assertTrue(received.get(0).body().contains("\"type\":\"agent-offline\""));
        assertEquals(1, notifications.inhibited());
    }

    @Test
    void aRoomLevelAlarmMutesTheAlarmsInsideTheRoom() {
        Alarm cooling = alarm("server-room", "cooling-failure", Severity.CRITICAL);
        notifications.changed(new AlarmChange(cooling, "raised"), List.of(cooling));
        notifications.changed(new AlarmChange(alarm("inlet", "temperature-high", Severity.CRITICAL), "escalated"), List.of(cooling));

        await().atMost(Duration.ofSeconds(20)).until(() -> received.stream().anyMatch(r -> r.path().equals("/noc")));
        assertTrue(received.stream().allMatch(r -> r.body().contains("cooling-failure")), "only the room-level alarm went out");
        assertEquals(1, notifications.inhibited());
    }

    @Test
    void aChannelLimitedToRoomsGetsItsRoomsCompositesAndDoorAlarmsAndARoomLevelAlarmDoesNotMuteADoor() {
        notifications.close();
        notifications = new Notifications(new SiteLoader().parse("rooms.yaml", AlarmSourcesTest.SITE + """
                notifications:
                  - {id: server-room-staff, type: webhook, url: "%s/server", rooms: [server-room], groupWithin: 0s}
                  - {id: noc-staff, type: webhook, url: "%s/noc-room", rooms: [noc-room], groupWithin: 0s}
                """.formatted(base, base)), new NotificationLog(db), clock);
        Alarm cooling = alarm("server-room", "cooling-failure", Severity.CRITICAL);
        Alarm forced = alarm("server-door", "door-forced", Severity.CRITICAL);
        notifications.changed(new AlarmChange(cooling, "raised"), List.of(cooling));
        notifications.changed(new AlarmChange(forced, "raised"), List.of(cooling, forced));
        notifications.changed(new AlarmChange(alarm("pi-2", Presence.OFFLINE, Severity.MAJOR), "raised"), List.of(cooling, forced));
        notifications.changed(new AlarmChange(alarm("drc-a", "drc-unhealthy", Severity.MAJOR), "raised"), List.of(cooling, forced));

        await().atMost(Duration.ofSeconds(20)).until(() -> sourcesAt("/server").size() == 2 && sourcesAt("/noc-room").size() == 1);
        assertEquals(List.of("server-room/cooling-failure", "server-door/door-forced"), sourcesAt("/server"),
                "the room's composite and its door's CRITICAL alarm, which the composite does not mute");
        assertEquals(List.of("pi-2/agent-offline"), sourcesAt("/noc-room"), "an agent in the other room; a DRC in none");
        assertEquals(0, notifications.inhibited());
    }

    private List<String> sourcesAt(String path) {
        return received.stream().filter(r -> r.path().equals(path)).flatMap(r -> events(r).stream())
                .map(e -> e.source() + "/" + e.type()).toList();
    }

    @Test
    void changesWithinTheGroupWindowGoOutAsOneNotification() {
        notifications.close();
        notifications = notifications("""
                  - {id: grouped, type: webhook, url: "%s/grouped", groupWithin: 1s}
                """.formatted(base));
        for (String sensor : List.of("inlet", "outlet", "humidity")) {
            notifications.changed(new AlarmChange(alarm(sensor, "temperature-high", Severity.MAJOR), "raised"), List.of());
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> !received.isEmpty());
        List<AlarmEvent> events = events(received.get(0));
        assertEquals(List.of("inlet", "outlet", "humidity"), events.stream().map(AlarmEvent::source).toList(),
                "one notification, oldest first");
        assertEquals(1, received.size());
    }

    @Test
    void anUnacknowledgedAlarmIsRepeatedThenEscalatedAndLeftAloneOnceAcknowledged() {
        notifications.close();
        notifications = notifications(POLICY.formatted(base, base));
        Alarm alarm = alarm("inlet", "temperature-high", Severity.MAJOR);
        notifications.changed(new AlarmChange(alarm, "raised"), List.of(alarm));
        await().atMost(Duration.ofSeconds(20)).until(() -> changesAt("/pager").equals(List.of("raised")));

        clock.advance(Duration.ofMinutes(10));
        notifications.remind();
        await().atMost(Duration.ofSeconds(20)).until(() -> changesAt("/pager").equals(List.of("raised", "reminder")));

        clock.advance(Duration.ofMinutes(5));
        notifications.remind();
        await().atMost(Duration.ofSeconds(20)).until(() -> changesAt("/head").equals(List.of("escalation")));
        assertEquals(List.of("raised", "reminder"), changesAt("/pager"), "the next reminder is due at 20 min");

        Alarm acknowledged = new Alarm(7, "inlet", "temperature-high", Severity.MAJOR, Alarm.State.ACTIVE, "inlet", 33.0, 33.0,
                1, T0, T0, null, false, true, new Alarm.Ack("budi", clock.instant(), "on it"), null);
        notifications.changed(new AlarmChange(acknowledged, "acknowledged", "budi", "on it"), List.of(acknowledged));
        await().atMost(Duration.ofSeconds(20)).until(() -> changesAt("/pager").contains("acknowledged"));
        clock.advance(Duration.ofHours(1));
        notifications.remind();
        assertEquals(List.of("raised", "reminder", "acknowledged"), changesAt("/pager"));
        assertEquals(List.of("escalation"), changesAt("/head"), "head only gets what was escalated to it");
    }

    @Test
    void remindersAndEscalationsCarryOnAfterARestart() {
        notifications.close();
        notifications = notifications(POLICY.formatted(base, base));
        Alarm alarm = alarm("inlet", "temperature-high", Severity.MAJOR);
        notifications.changed(new AlarmChange(alarm, "raised"), List.of(alarm));
        await().atMost(Duration.ofSeconds(20)).until(() -> changesAt("/pager").equals(List.of("raised")));
        clock.advance(Duration.ofMinutes(15));
        notifications.remind();
        await().atMost(Duration.ofSeconds(20)).until(() -> changesAt("/head").equals(List.of("escalation")));
        notifications.close();

        notifications = notifications(POLICY.formatted(base, base));
        assertDoesNotThrow(() -> notifications.resume(List.of(alarm)));
        clock.advance(Duration.ofMinutes(10));
        notifications.remind();
        await().atMost(Duration.ofSeconds(20)).until(() -> changesAt("/pager").equals(List.of("raised", "reminder", "reminder")));
        assertEquals(List.of("escalation"), changesAt("/head"), "escalated once, not again after the restart");
    }

    /** A pager that repeats every 10 min and escalates to the head of the unit after 15 min. */
    private static final String POLICY = """
              - {id: pager, type: webhook, url: "%s/pager", severities: [major], groupWithin: 0s, repeatEvery: 10m,
                 escalateAfter: 15m, escalateTo: head}
              - {id: head, type: webhook, url: "%s/head", severities: [critical], groupWithin: 0s}
            """;

    private List<String> changesAt(String path) {
        return received.stream().filter(r -> r.path().equals(path)).flatMap(r -> events(r).stream())
                .map(AlarmEvent::change).toList();
    }

    private static List<AlarmEvent> events(Received r) {
        return Wire.decode(r.body().getBytes(StandardCharsets.UTF_8), AlarmNotification.class).events();
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
