package id.jaga.controller.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jaga.config.SiteLoader;
import id.jaga.controller.Controller;
import id.jaga.controller.auth.Role;
import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.sensors.mqtt.MessageListener;
import id.jaga.sensors.wire.AlarmEvent;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Wire;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in and roles over real HTTP against a running controller (embedded broker, H2): who may
 * read, who may work alarms, and that an acknowledgement made over HTTP reaches the NOC over MQTT.
 */
class ApiAccessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path tmp;
    static EmbeddedBroker broker;
    static Controller controller;
    static MqttClient agent;
    static final BlockingQueue<AlarmEvent> alarmEvents = new LinkedBlockingQueue<>();
    static final HttpClient http = HttpClient.newHttpClient();
    static long seq;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        broker = EmbeddedBroker.start("127.0.0.1", port, tmp.resolve("broker"));
        controller = Controller.start(new SiteLoader().parse("api.yaml", """
                site: {id: dc}
                broker: {uris: [%s]}
                storage: {url: "jdbc:h2:file:%s"}
                controller: {http: {host: 127.0.0.1, port: 0}}
                rooms: [{id: room}]
                agents: [{id: pi-1, room: room}]
                racks:
                  - id: rack
                    room: room
                    sensors: [{id: inlet, kind: temperature, agent: pi-1, driver: {type: simulated}}]
                """.formatted(broker.uri(), tmp.resolve("db/jaga").toAbsolutePath())), tmp, Clock.systemUTC());
        controller.accounts().create("sari", PASSWORD, Role.ADMIN);
        controller.accounts().create("budi", PASSWORD, Role.OPERATOR);
        controller.accounts().create("tamu", PASSWORD, Role.VIEWER);

        agent = new MqttClient(broker.uri(), "pi-1-under-test", new MemoryPersistence());
        agent.setCallback(MessageListener.of((topic, m) -> alarmEvents.add(Wire.decode(m.getPayload(), AlarmEvent.class))));
        agent.connect(new MqttConnectionOptions());
        agent.subscribe(controller.topics().alarm(), 1);
        await().atMost(WITHIN).until(controller::isConnected);
    }

    @AfterAll
    static void stop() throws Exception {
        agent.disconnect();
        agent.close();
        controller.close();
        broker.close();
    }

    @Test
    void withoutASignInOnlyTheBareHealthIsOpen() throws Exception {
        HttpResponse<String> alarms = call("GET", "/api/alarms", null, null);
        assertEquals(401, alarms.statusCode());
        assertEquals("unauthenticated", JSON.readTree(alarms.body()).get("code").asText());
        assertTrue(alarms.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, call("GET", "/api/racks", null, "not-a-token").statusCode());

        JsonNode health = JSON.readTree(call("GET", "/api/health", null, null).body());
        assertEquals("dc", health.get("site").asText());
        assertFalse(health.has("agents"), "details need a sign-in");
        assertTrue(JSON.readTree(call("GET", "/api/health", null, signIn("tamu")).body()).has("agents"));
    }

    @Test
    void aViewerMayLookButNotAcknowledgeAndAnOperatorAcknowledgesWhatTheNocThenSees() throws Exception {
        AlarmEvent raised = raiseAlarm();
        String viewer = signIn("tamu");
        String operator = signIn("budi");
        String ack = "/api/alarms/" + raised.alarm() + "/acknowledge";

        assertEquals(200, call("GET", "/api/alarms?state=active", null, viewer).statusCode());
        HttpResponse<String> refused = call("POST", ack, "{\"comment\":\"seen\"}", viewer);
        assertEquals(403, refused.statusCode());
        assertEquals("forbidden", JSON.readTree(refused.body()).get("code").asText());

        HttpResponse<String> noComment = call("POST", ack, "{}", operator);
        assertEquals(400, noComment.statusCode());
        assertEquals("comment", JSON.readTree(noComment.body()).get("field").asText());

        HttpResponse<String> done = call("POST", ack, "{\"comment\":\"CRAC-1 restarted\"}", operator);
        assertEquals(200, done.statusCode(), done.body());
        JsonNode alarm = JSON.readTree(done.body());
        assertTrue(alarm.get("acknowledged").asBoolean());
        assertEquals("budi", alarm.get("acknowledgement").get("by").asText());

        AlarmEvent told = nextEvent(raised.alarm(), "acknowledged");
        assertEquals("budi", told.by());
        assertEquals("CRAC-1 restarted", told.comment());
        assertEquals(409, call("POST", ack, "{\"comment\":\"again\"}", operator).statusCode());

        JsonNode history = JSON.readTree(call("GET", "/api/alarms/" + raised.alarm(), null, viewer).body()).get("history");
        assertEquals("acknowledged", history.get(history.size() - 1).get("change").asText());
        assertEquals("budi", history.get(history.size() - 1).get("actor").asText());
    }

    @Test
    void whatPeopleDoIsOnTheAuditRecordWhichOnlySecurityRolesMayReadAndWhichVerifies() throws Exception {
        AlarmEvent raised = raiseAlarm();
        assertEquals(200, call("POST", "/api/alarms/" + raised.alarm() + "/acknowledge", "{\"comment\":\"=cmd|' /C calc'!A0\"}",
                signIn("budi")).statusCode());
        String admin = signIn("sari");

        assertEquals(403, call("GET", "/api/audit/verify", null, signIn("tamu")).statusCode());
        JsonNode verified = JSON.readTree(call("GET", "/api/audit/verify", null, admin).body());
        assertTrue(verified.get("ok").asBoolean(), verified.toString());

        JsonNode records = JSON.readTree(call("GET", "/api/audit?from=2000-01-01T00:00:00Z", null, admin).body()).get("records");
        JsonNode ack = records.get(records.size() - 1);
        assertEquals("acknowledged", ack.get("type").asText());
        assertEquals("budi", ack.get("actor").asText());
        assertEquals(64, ack.get("hash").asText().length());

        HttpResponse<String> csv = call("GET", "/api/audit?format=csv", null, admin);
        assertTrue(csv.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
        assertTrue(csv.body().contains(",\"acknowledged\",\"budi\","), csv.body());
        assertTrue(csv.body().contains("\"'=cmd|"), "a formula is defused for spreadsheets: " + csv.body());
    }

    @Test
    void anOperatorShelvesWithAReasonAndTheNocSeesTheExpiry() throws Exception {
        AlarmEvent raised = raiseAlarm();
        String operator = signIn("budi");
        String shelve = "/api/alarms/" + raised.alarm() + "/shelve";

        assertEquals(400, call("POST", shelve, "{\"minutes\":60}", operator).statusCode(), "a reason is required");
        HttpResponse<String> done = call("POST", shelve, "{\"reason\":\"CRAC-1 filter change\",\"minutes\":60}", operator);
        assertEquals(200, done.statusCode(), done.body());

        AlarmEvent told = nextEvent(raised.alarm(), "shelved");
        assertTrue(told.shelvedUntil().isAfter(Instant.now().plus(Duration.ofMinutes(59))));
        assertEquals(200, call("POST", "/api/alarms/" + raised.alarm() + "/unshelve", "{}", operator).statusCode());
        assertEquals(null, nextEvent(raised.alarm(), "unshelved").shelvedUntil());
    }

    @Test
    void aResetPasswordMustBeChangedBeforeAnythingElse() throws Exception {
        String admin = signIn("sari");
        assertEquals(201, call("POST", "/api/users", "{\"name\":\"dewi\",\"password\":\"" + PASSWORD
                + "\",\"role\":\"security-officer\"}", admin).statusCode());
        assertEquals(403, call("POST", "/api/users", "{\"name\":\"eko\",\"password\":\"" + PASSWORD
                + "\",\"role\":\"admin\"}", signIn("budi")).statusCode(), "only admins manage users");
        HttpResponse<String> weak = call("POST", "/api/users", "{\"name\":\"eko\",\"password\":\"short\",\"role\":\"viewer\"}", admin);
        assertEquals("password", JSON.readTree(weak.body()).get("field").asText());

        String oneTime = JSON.readTree(call("POST", "/api/users/dewi/password-reset", "{}", admin).body())
                .get("oneTimePassword").asText();
        String dewi = signIn("dewi", oneTime);
        HttpResponse<String> blocked = call("GET", "/api/alarms", null, dewi);
        assertEquals(403, blocked.statusCode());
        assertEquals("password-change-required", JSON.readTree(blocked.body()).get("code").asText());

        assertEquals(204, call("POST", "/api/me/password", "{\"current\":\"" + oneTime + "\",\"password\":\"a much better passphrase\"}",
                dewi).statusCode());
        assertEquals(200, call("GET", "/api/alarms", null, dewi).statusCode());
        assertEquals(401, call("POST", "/api/session", "{\"name\":\"dewi\",\"password\":\"" + oneTime + "\"}", null).statusCode());
    }

    @Test
    void repeatedWrongPasswordsAreRefusedForAWhileEvenWithTheRightOne() throws Exception {
        controller.accounts().create("rina", PASSWORD, Role.VIEWER);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, call("POST", "/api/session", "{\"name\":\"rina\",\"password\":\"guess " + i + "\"}", null).statusCode());
        }
        HttpResponse<String> limited = call("POST", "/api/session", "{\"name\":\"rina\",\"password\":\"" + PASSWORD + "\"}", null);
        assertEquals(429, limited.statusCode());
        assertTrue(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()) > 0);
    }

    @Test
    void aSignOutEndsTheSession() throws Exception {
        String token = signIn("tamu");
        assertEquals(204, call("DELETE", "/api/session", null, token).statusCode());
        assertEquals(401, call("GET", "/api/me", null, token).statusCode());
        assertNotEquals(token, signIn("tamu"), "every sign-in gets its own token");
    }

    /** Drives the sensor over the default 32 C critical limit and waits for the NOC to be told. */
    private static AlarmEvent raiseAlarm() throws Exception {
        alarmEvents.clear();
        publish(40.0);
        AlarmEvent raised = nextEvent(null, "raised");
        return raised;
    }

    private static void publish(double value) throws Exception {
        Instant now = Instant.now();
        agent.publish(controller.topics().agent("pi-1", "telemetry"), Wire.encode(new Telemetry(Wire.SCHEMA, "pi-1", ++seq, now,
                List.of(Reading.good("inlet", value, "C", now)))), 1, false);
        // and back to normal, so each test starts from a cleared alarm
        if (value > 30) {
            Instant later = now.plusMillis(1);
            agent.publish(controller.topics().agent("pi-1", "telemetry"), Wire.encode(new Telemetry(Wire.SCHEMA, "pi-1", ++seq,
                    later, List.of(Reading.good("inlet", 22.0, "C", later)))), 1, false);
        }
    }

    private static AlarmEvent nextEvent(String alarm, String change) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            AlarmEvent e = alarmEvents.poll(1, TimeUnit.SECONDS);
            if (e != null && (alarm == null || e.alarm().equals(alarm)) && e.change().equals(change)) {
                return e;
            }
        }
        throw new AssertionError("no '" + change + "' event for alarm " + alarm);
    }

    private static String signIn(String name) throws Exception {
        return signIn(name, PASSWORD);
    }

    private static String signIn(String name, String password) throws Exception {
        HttpResponse<String> r = call("POST", "/api/session", "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}", null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("token").asText();
    }

    private static HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(controller.apiUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
