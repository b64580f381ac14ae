package id.jaga.controller.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.controller.alarm.Alarm;
import id.jaga.controller.alarm.AlarmChange;
import id.jaga.controller.presence.Presence;
import id.jaga.sensors.wire.AlarmEvent;
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
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        SiteConfig site = new SiteLoader().parse("notify.yaml", """
                site: {id: dc}
                rooms: [{id: server-room}, {id: noc-room}]
                agents: [{id: pi-1, room: server-room}]
                racks:
                  - id: rack-1
                    room: server-room
                    sensors: [{id: inlet, kind: temperature, agent: pi-1, driver: {type: simulated}}]
                notifications:
                  - {id: noc, type: webhook, url: "%s/noc", secretFile: %s}
                  - {id: on-call, type: webhook, url: "%s/flaky", severities: [critical]}
                  - {id: other-room, type: webhook, url: "%s/other", rooms: [noc-room]}
                  - {id: dead, type: webhook, url: "http://127.0.0.1:%d/gone"}
                """.formatted(base, secret, base, base, dead));
        notifications = new Notifications(site);
    }

    @AfterEach
    void stop() {
        notifications.close();
        server.stop(0);
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
        AlarmEvent event = Wire.decode(noc.body().getBytes(StandardCharsets.UTF_8), AlarmEvent.class);
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

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
