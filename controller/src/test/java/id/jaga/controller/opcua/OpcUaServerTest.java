package id.jaga.controller.opcua;

import id.jaga.controller.AgentKeysForTests;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import id.jaga.config.SiteLoader;
import id.jaga.controller.Controller;
import id.jaga.controller.auth.Role;
import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Wire;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's OPC UA server against node-opcua, a client nobody here wrote: a real controller
 * (embedded broker, H2) with readings published as an agent would, and the client signing in with
 * a controller account over Basic256Sha256 SignAndEncrypt after an administrator trusted its
 * certificate the documented way.
 */
class OpcUaServerTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path tmp;
    static EmbeddedBroker broker;
    static Controller controller;
    static MqttClient agent;
    static NodeOpcUaClient client;
    static String url;
    static long seq;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start("127.0.0.1", freePort(), tmp.resolve("broker"));
        controller = Controller.start(AgentKeysForTests.withKeys(new SiteLoader().parse("opcua.yaml", """
                site: {id: dc, name: Pusat Data Uji}
                broker: {uris: [%s]}
                storage: {url: "jdbc:h2:file:%s"}
                controller:
                  http: {host: 127.0.0.1, port: 0}
                  opcua: {enabled: true, host: 127.0.0.1, port: %d}
                rooms:
                  - id: server-room
                    name: Ruang Server
                    sensors:
                      - {id: ups-status, kind: ups-status, agent: pi-1, driver: {type: simulated}}
                      - {id: ups-charge, kind: battery-charge, agent: pi-1, driver: {type: simulated}}
                      - {id: door-main, kind: door, agent: pi-1, driver: {type: simulated}}
                agents:
                  - id: pi-1
                    room: server-room
                    outputs: [{id: lock-main, kind: lock, driver: {type: simulated}}]
                racks:
                  - id: rack-1
                    room: server-room
                    sensors:
                      - {id: rack-1-inlet, kind: temperature, agent: pi-1, driver: {type: simulated}}
                      - {id: rack-1-power, kind: power, agent: pi-1, pollInterval: 1s, staleAfter: 2s, driver: {type: simulated}}
                access:
                  doors: [{id: server-door, name: Pintu Server, room: server-room, agent: pi-1, contact: door-main, lock: lock-main}]
                """.formatted(broker.uri(), tmp.resolve("db/jaga").toAbsolutePath(), freePort()))), tmp, Clock.systemUTC());
        url = controller.opcUaUrl().orElseThrow();
        controller.accounts().create("tamu", PASSWORD, Role.VIEWER);

        agent = new MqttClient(broker.uri(), "pi-1-under-test", new MemoryPersistence());
        agent.connect(new MqttConnectionOptions());
        await().atMost(WITHIN).until(controller::isConnected);

        client = NodeOpcUaClient.start(tmp.resolve("client-pki"));
        trustTheClientAsAnAdministratorWould();
    }

    /** docs/opcua.md: a refused client's certificate lands in pki/rejected; moved to pki/trusted/certs, it is let in. */
    private static void trustTheClientAsAnAdministratorWould() throws Exception {
        JsonNode refused = connect("tamu", PASSWORD);
        assertFalse(refused.get("ok").asBoolean(), "an unknown client certificate is refused: " + refused);
        Path pki = tmp.resolve("opcua/pki");
        Path rejected;
        try (Stream<Path> files = Files.list(pki.resolve("rejected"))) {
            rejected = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Files.move(rejected, pki.resolve("trusted/certs").resolve(rejected.getFileName()));
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> connect("tamu", PASSWORD).get("ok").asBoolean());
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (agent != null) {
            agent.disconnect();
            agent.close();
        }
        controller.close();
        broker.close();
    }

    @Test
    void onlyTheSecureEndpointOpensSessions() throws Exception {
        JsonNode endpoints = client.call(Map.of("cmd", "endpoints", "url", url)).get("endpoints");
        assertTrue(endpoints.size() > 0, endpoints.toString());
        for (JsonNode e : endpoints) {
            boolean secure = e.get("policy").asText().equals("Basic256Sha256") && e.get("mode").asText().equals("SignAndEncrypt");
            assertTrue(secure, "only Basic256Sha256 SignAndEncrypt by default: " + e);
            assertFalse(e.get("tokens").toString().contains("Anonymous"), "no anonymous access by default: " + e);
        }
        JsonNode none = client.call(Map.of("cmd", "connect", "url", url, "policy", "None", "mode", "None", "user", "tamu",
                "password", PASSWORD));
        assertFalse(none.get("ok").asBoolean(), "no session without security: " + none);
        JsonNode anonymous = client.call(Map.of("cmd", "connect", "url", url, "policy", "Basic256Sha256", "mode", "SignAndEncrypt"));
        assertFalse(anonymous.get("ok").asBoolean(), "no anonymous session: " + anonymous);
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        JsonNode wrong = connect("tamu", "not the password");
        assertFalse(wrong.get("ok").asBoolean(), wrong.toString());
        assertTrue(wrong.get("error").asText().contains("BadUserAccessDenied") || wrong.get("error").asText().contains("BadIdentityToken"),
                wrong.toString());
    }

    @Test
    void aViewerBrowsesSiteRoomRackSensorAndReadsTheValueWithItsUnit() throws Exception {
        publish(Reading.good("rack-1-inlet", 22.5, "C", Instant.now()));
        assertTrue(connect("tamu", PASSWORD).get("ok").asBoolean());

        String site = child("i=85", "dc");
        String room = child(site, "server-room");
        String rack = child(room, "rack-1");
        String sensor = child(rack, "rack-1-inlet");
        await().atMost(WITHIN).until(() -> read(sensor).path("value").asDouble() == 22.5);
        JsonNode read = read(sensor);
        assertEquals("Good", read.get("status").asText());
        assertEquals("Double", read.get("dataType").asText());
        JsonNode eu = read.get("eu");
        assertEquals(Units.UNECE, eu.get("namespaceUri").asText());
        assertEquals(4408652, eu.get("unitId").asInt(), "UNECE CEL, degree Celsius");
        assertEquals("°C", eu.get("displayName").asText());
    }

    @Test
    void aSubscriptionSeesEachNewReading() throws Exception {
        publish(Reading.good("rack-1-inlet", 21.0, "C", Instant.now()));
        assertTrue(connect("tamu", PASSWORD).get("ok").asBoolean());
        String sensor = child(child(child(child("i=85", "dc"), "server-room"), "rack-1"), "rack-1-inlet");
        await().atMost(WITHIN).until(() -> read(sensor).path("value").asDouble() == 21.0);
        assertTrue(client.call(Map.of("cmd", "subscribe", "nodeId", sensor)).get("ok").asBoolean());

        publish(Reading.good("rack-1-inlet", 23.75, "C", Instant.now()));
        JsonNode change = nextChangeTo(23.75);
        assertEquals(sensor, change.get("nodeId").asText());
        assertEquals("Good", change.get("status").asText());
    }

    @Test
    void aStaleSensorIsUncertainAndAFailedOneBad() throws Exception {
        assertTrue(connect("tamu", PASSWORD).get("ok").asBoolean());
        String power = child(child(child(child("i=85", "dc"), "server-room"), "rack-1"), "rack-1-power");
        publish(Reading.good("rack-1-power", 2100.0, "W", Instant.now()));
        await().atMost(WITHIN).until(() -> read(power).path("status").asText().equals("Good"));
        assertEquals("WTT", unece(read(power).get("eu").get("unitId").asInt()));

        // staleAfter is 2 s: without a new reading the last value stays, as not to be trusted
        await().atMost(WITHIN).until(() -> read(power).path("status").asText().equals("UncertainLastUsableValue"));
        assertEquals(2100.0, read(power).get("value").asDouble());

        publish(Reading.failed("rack-1-power", Quality.BAD, "I2C read failed", "W", Instant.now()));
        await().atMost(WITHIN).until(() -> read(power).path("status").asText().equals("BadSensorFailure"));
        assertTrue(read(power).get("value").isNull(), "a Bad status carries no value");
    }

    @Test
    void theRoomShowsItsUpsDoorsAlarmsAndFailoverState() throws Exception {
        Instant now = Instant.now();
        publish(Reading.goodText("ups-status", "OB DISCHRG", "tokens", now), Reading.good("ups-charge", 87.0, "%", now),
                Reading.good("door-main", 0, "open", now), Reading.good("rack-1-inlet", 40.0, "C", now));
        assertTrue(connect("tamu", PASSWORD).get("ok").asBoolean());
        String site = child("i=85", "dc");
        String room = child(site, "server-room");
        String ups = child(room, "UPS");
        String status = child(ups, "ups-status");
        await().atMost(WITHIN).until(() -> "OB DISCHRG".equals(read(status).path("value").asText()));
        assertTrue(read(status).get("eu").isNull(), "status tokens are text, without a unit");
        String charge = child(ups, "ups-charge");
        await().atMost(WITHIN).until(() -> read(charge).path("value").asDouble() == 87.0);
        assertEquals("P1", unece(read(charge).get("eu").get("unitId").asInt()));

        String door = child(child(child(room, "Doors"), "server-door"), "State");
        await().atMost(WITHIN).until(() -> "locked".equals(read(door).path("value").asText()));

        // on battery and 40 C at the inlet: alarms
        String alarms = child(site, "ActiveAlarms");
        await().atMost(WITHIN).until(() -> read(alarms).path("value").asInt() >= 2);
        assertEquals("UInt32", read(alarms).get("dataType").asText());
        assertEquals("NORMAL", read(child(child(site, "Failover"), "State")).get("value").asText());
        publish(Reading.goodText("ups-status", "OL", "tokens", Instant.now()), Reading.good("rack-1-inlet", 22.0, "C", Instant.now()));
    }

    private static JsonNode connect(String user, String password) throws Exception {
        return client.call(Map.of("cmd", "connect", "url", url, "policy", "Basic256Sha256", "mode", "SignAndEncrypt",
                "user", user, "password", password));
    }

    private static String child(String nodeId, String browseName) throws Exception {
        JsonNode children = client.call(Map.of("cmd", "browse", "nodeId", nodeId)).get("children");
        assertNotNull(children, "browse " + nodeId);
        for (JsonNode c : children) {
            if (c.get("browseName").asText().equals(browseName)) {
                return c.get("nodeId").asText();
            }
        }
        throw new AssertionError("no '" + browseName + "' under " + nodeId + ": " + children);
    }

    private static JsonNode read(String nodeId) throws Exception {
        JsonNode r = client.call(Map.of("cmd", "read", "nodeId", nodeId));
        assertTrue(r.get("ok").asBoolean(), r.toString());
        return r;
    }

    private static JsonNode nextChangeTo(double value) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode c = client.nextChange(Duration.ofMillis(500));
            if (c != null && c.path("value").asDouble() == value) {
                return c;
            }
        }
        throw new AssertionError("the subscription reported no change to " + value);
    }

    private static String unece(int unitId) {
        StringBuilder code = new StringBuilder();
        for (int id = unitId; id != 0; id >>>= 8) {
            code.insert(0, (char) (id & 0xff));
        }
        return code.toString();
    }

    private static void publish(Reading... readings) throws Exception {
        Instant now = Instant.now();
        agent.publish(controller.topics().agent("pi-1", "telemetry"), AgentKeysForTests.signedMessage(controller.site(), "pi-1", Wire.encode(new Telemetry(Wire.SCHEMA, "pi-1", ++seq, now,
                List.of(readings)))));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
