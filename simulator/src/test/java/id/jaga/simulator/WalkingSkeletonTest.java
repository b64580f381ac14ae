package id.jaga.simulator;

import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import id.jaga.sensors.auth.MessageAuth;
import id.jaga.sensors.auth.AgentKeyRing;
import id.jaga.sensors.auth.AgentKeys;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jaga.config.Broker;
import id.jaga.config.ControllerSettings;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.Controller;
import id.jaga.controller.auth.Role;
import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.mqtt.MessageListener;
import id.jaga.sensors.wire.ActiveAlarms;
import id.jaga.sensors.wire.AlarmEvent;
import id.jaga.sensors.wire.SecurityEvent;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Wire;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path through real parts: the demo site's agents (real agent code, simulated sensors)
 * publish to an embedded HiveMQ broker, the controller stores to H2 and judges, and the NOC (a
 * plain MQTT subscriber) and the REST API see the alarm come and go.
 */
class WalkingSkeletonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    static Path tmp;
    static EmbeddedBroker broker;
    static Controller controller;
    static SimulatedSite site;
    static MqttClient noc;
    static final BlockingQueue<AlarmEvent> alarmEvents = new LinkedBlockingQueue<>();
    static final List<SecurityEvent> securityEvents = new CopyOnWriteArrayList<>();
    static final HttpClient http = HttpClient.newHttpClient();
    static String token;

    @BeforeAll
    static void startSite() throws Exception {
        broker = EmbeddedBroker.start("127.0.0.1", freePort(), tmp.resolve("broker"));
        SiteLoader loader = new SiteLoader(List.of(SimulatorDrivers.of(new SimulatedInputs()).siteCheck()));
        SiteConfig demo = loader.load(Path.of("../config/examples/demo.yaml"));
        SiteConfig config = demo.withConnections(new Broker(List.of(broker.uri()), null, null, null, null),
                new Storage("jdbc:h2:file:" + tmp.resolve("db/jaga").toAbsolutePath(), null, null),
                new ControllerSettings(new ControllerSettings.Http("127.0.0.1", 0, null), null));
        config = AgentKeys.provision(config, tmp.resolve("keys"));
        controller = Controller.start(config, tmp, Clock.systemUTC());
        controller.accounts().create("noc", "noc-viewer-password", Role.VIEWER);
        HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(controller.apiUrl() + "/api/session"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"noc\",\"password\":\"noc-viewer-password\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        token = JSON.readTree(session.body()).get("token").asText();

        noc = new MqttClient(broker.uri(), "noc-under-test", new MemoryPersistence());
        noc.setCallback(MessageListener.of((topic, m) -> {
            if (topic.equals(controller.topics().security())) {
                securityEvents.add(Wire.decode(m.getPayload(), SecurityEvent.class));
            } else {
                alarmEvents.add(Wire.decode(m.getPayload(), AlarmEvent.class));
            }
        }));
        noc.connect(new MqttConnectionOptions());
        noc.subscribe(controller.topics().alarm(), 1);
        noc.subscribe(controller.topics().security(), 1);

        site = new SimulatedSite(config, tmp.resolve("agents"), Clock.systemUTC()).start();
        await().atMost(WITHIN).until(() -> sensorReading("rack-2-inlet") != null);
    }

    @AfterAll
    static void stop() throws Exception {
        site.close();
        noc.disconnect();
        noc.close();
        controller.close();
        broker.close();
    }

    @Test
    void aDoorOpenedAndClosedIsOnTheSecurityLogOnceEachInOrder() throws Exception {
        site.inputs().set("door-main", 1);
        await().atMost(WITHIN).until(() -> securityEvents.stream().anyMatch(e -> e.type().equals("door-opened")));
        site.inputs().set("door-main", 0);
        await().atMost(WITHIN).until(() -> securityEvents.stream().anyMatch(e -> e.type().equals("door-closed")));

        List<String> door = securityEvents.stream().filter(e -> "server-room-door".equals(e.door())).map(SecurityEvent::type).toList();
        assertEquals(List.of("door-opened", "door-forced", "door-closed"), door, "the door's id, not its contact's; no badge, so forced");
        SecurityEvent opened = securityEvents.get(0);
        assertTrue(opened.agentTs() != null && !opened.ts().isBefore(opened.agentTs().minusSeconds(1)), "both times are kept");
        assertEquals(64, opened.hash().length());
        assertTrue(securityEvents.get(1).seq() > opened.seq(), "in the order they were logged");
    }

    @Test
    void rackDrivenOverItsThresholdRaisesAWarningAndClearsWhenItCoolsDown() throws Exception {
        site.inputs().set("rack-2-inlet", 30.0);

        AlarmEvent raised = nextAlarmEvent("rack-2-inlet", "temperature-high");
        assertEquals("temperature-high", raised.type());
        assertEquals("warning", raised.severity());
        assertEquals("raised", raised.change());
        assertEquals(30.0, raised.value());
        await().atMost(WITHIN).until(() -> alarmState(raised.alarm()).equals("active"));
        ActiveAlarms snapshot = retainedActiveAlarms();
        assertTrue(snapshot.alarms().stream().anyMatch(a -> a.alarm().equals(raised.alarm())),
                "a NOC that connects late finds the alarm in the retained snapshot");

        site.inputs().set("rack-2-inlet", 22.0);

        AlarmEvent cleared = nextAlarmEvent("rack-2-inlet", "temperature-high");
        assertEquals(raised.alarm(), cleared.alarm(), "the same alarm clears; no new one");
        assertEquals("cleared", cleared.change());
        await().atMost(WITHIN).until(() -> alarmState(raised.alarm()).equals("cleared"));
        assertTrue(retainedActiveAlarms().alarms().stream().noneMatch(a -> a.alarm().equals(raised.alarm())));
    }

    @Test
    void aCrashedAgentIsOfflineAtOnceAndOnlineAgainWhenItRestarts() throws Exception {
        site.crash("pi-row-2");

        AlarmEvent offline = nextAlarmEvent("pi-row-2", "agent-offline");
        assertEquals("agent-offline", offline.type());
        assertEquals("major", offline.severity());
        assertEquals("raised", offline.change());
        await().atMost(WITHIN).until(() -> getJson("/api/health").get("agents").get("pi-row-2").get("status").asText().equals("offline"));

        site.restart("pi-row-2");

        AlarmEvent back = nextAlarmEvent("pi-row-2", "agent-offline");
        assertEquals(offline.alarm(), back.alarm());
        assertEquals("cleared", back.change());
        await().atMost(WITHIN).until(() -> getJson("/api/health").get("agents").get("pi-row-2").get("status").asText().equals("online"));
    }

    @Test
    void badMessagesAreCountedByReasonAndIngestGoesOn() throws Exception {
        String telemetry = controller.topics().agent("pi-row-1", "telemetry");
        Instant now = Instant.now();
        publish(telemetry, "this is not json");
        publish(telemetry, "{\"schema\":1,\"agent\":\"pi-row-1\",\"ts\":\"" + now + "\",\"readings\":[]}");
        publish(controller.topics().agent("ghost", "telemetry"),
                Wire.encodeToString(new Telemetry("ghost", 1, now, List.of(Reading.good("x", 1, "C", now)))));
        publish(telemetry, Wire.encodeToString(new Telemetry("pi-row-1", 1_000_000, now,
                List.of(Reading.good("no-such-sensor", 21, "C", now)))));

        await().atMost(WITHIN).until(() -> controller.rejections().counts().keySet()
                .containsAll(List.of("not-json", "missing-field", "unknown-agent", "unknown-sensor")));
        JsonNode health = getJson("/api/health");
        assertEquals("ok", health.get("status").asText());
        assertEquals(1, health.get("rejected").get("not-json").asInt());

        String before = sensorReading("rack-1-inlet").get("ts").asText();
        await().atMost(WITHIN).until(() -> !sensorReading("rack-1-inlet").get("ts").asText().equals(before));
    }

    /** The next event of one alarm; events of other alarms (a rise alarm alongside, say) are passed over. */
    private static AlarmEvent nextAlarmEvent(String source, String type) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            AlarmEvent e = alarmEvents.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (e != null && e.source().equals(source) && e.type().equals(type)) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " event for " + source + " within " + WITHIN);
    }

    private static ActiveAlarms retainedActiveAlarms() throws Exception {
        BlockingQueue<ActiveAlarms> got = new LinkedBlockingQueue<>();
        MqttClient late = new MqttClient(broker.uri(), "late-noc-" + System.nanoTime(), new MemoryPersistence());
        late.setCallback(MessageListener.of((topic, m) -> got.add(Wire.decode(m.getPayload(), ActiveAlarms.class))));
        late.connect();
        try {
            late.subscribe(controller.topics().alarmActive(), 1);
            ActiveAlarms a = got.poll(WITHIN.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            if (a == null) {
                throw new AssertionError("no retained active-alarm snapshot");
            }
            return a;
        } finally {
            late.disconnect();
            late.close();
        }
    }

    private static String alarmState(String id) throws Exception {
        for (JsonNode a : getJson("/api/alarms").get("items")) {
            if (a.get("id").asText().equals(id)) {
                return a.get("state").asText();
            }
        }
        return "absent";
    }

    private static JsonNode sensorReading(String sensor) throws Exception {
        for (JsonNode rack : getJson("/api/racks").get("racks")) {
            for (JsonNode s : rack.get("sensors")) {
                if (s.get("id").asText().equals(sensor)) {
                    return s.get("reading").isNull() ? null : s.get("reading");
                }
            }
        }
        throw new AssertionError("sensor " + sensor + " is not on /api/racks");
    }

    private static JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(controller.apiUrl() + path))
                        .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** As a faulty agent sends it: signed with the topic's agent's key (so it is judged on what it says), if the site has that agent. */
    private static void publish(String topic, String payload) throws Exception {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        MqttProperties properties = new MqttProperties();
        controller.topics().parseAgentTopic(topic).flatMap(t -> controller.site().agent(t.agent())).ifPresent(agent ->
                properties.setUserProperties(List.of(new UserProperty(MessageAuth.PROPERTY,
                        MessageAuth.sign(AgentKeyRing.read(Path.of(agent.keyFile())), bytes)))));
        noc.publish(topic, new MqttMessage(bytes, 1, false, properties));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
