package id.jaga.simulator.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jaga.simulator.SimulatorDrivers;
import id.jaga.config.Broker;
import id.jaga.config.ControllerSettings;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.Controller;
import id.jaga.controller.auth.Role;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Wire;
import id.jaga.simulator.SimulatedSite;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack that once moved the demo to its DRC: anyone who reaches the broker publishes smoke on
 * both detectors and a forced door. Against the demo's own configuration (embedded broker, keys made
 * by the demo), nothing of it may raise an alarm, write the security log or move failover, whichever
 * layer refuses it (the broker's ACLs or the controller's authentication); the real smoke detector
 * still raises its alarm afterwards.
 */
class ForgedMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;
    static Controller controller;
    static SimulatedSite site;
    static String token;

    @BeforeAll
    static void startTheDemo() throws Exception {
        SiteConfig demo = new SiteLoader(List.of(SimulatorDrivers.of(new SimulatedInputs()).siteCheck()))
                .load(Path.of("../config/examples/demo.yaml"));
        int port = freePort();
        Broker broker = demo.broker();
        SiteConfig config = demo.withConnections(new Broker(List.of("tcp://127.0.0.1:" + port), broker.topicPrefix(), null, null,
                        new Broker.EmbeddedBroker("127.0.0.1", port)),
                new Storage("jdbc:h2:file:" + tmp.resolve("db/demo").toAbsolutePath(), null, null),
                new ControllerSettings(new ControllerSettings.Http("127.0.0.1", 0, null), null));
        config = SimulatedSite.withAgentKeys(config, tmp.resolve("agent-keys")); // as ./jaga demo does
        controller = Controller.start(config, tmp, Clock.systemUTC());
        controller.accounts().create("watcher", "watcher-password-1", Role.SECURITY_OFFICER);
        token = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(controller.apiUrl() + "/api/session"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"watcher\",\"password\":\"watcher-password-1\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("token").asText();
        site = new SimulatedSite(controller.site(), tmp.resolve("agents"), Clock.systemUTC()).start();
        await().atMost(WITHIN).until(() -> controller.metrics().counter("jaga.ingest.readings").count() > 0);
    }

    @AfterAll
    static void stop() {
        site.close();
        controller.close();
    }

    @Test
    void forgedSmokeAndAForcedDoorMoveNothingAndTheRealDetectorStillCounts() throws Exception {
        String failoverBefore = controller.failover().state().state();
        Map<String, Long> refusedBefore = controller.rejections().counts();
        Instant now = Instant.now();
        List<Integer> brokerRefusals = new ArrayList<>();
        MqttAsyncClient attacker = new MqttAsyncClient(controller.brokerUri(), "attacker", new MemoryPersistence());
        try {
            attacker.connect(new MqttConnectionOptions()).waitForCompletion(WITHIN.toMillis()); // anonymous, as anyone on the site network
            for (String[] forged : new String[][] {{"pi-row-1", "smoke-1"}, {"pi-row-2", "smoke-2"}}) {
                byte[] smoke = Wire.encode(new Telemetry(forged[0], 9_000_000, now, List.of(Reading.good(forged[1], 1, "alarm", now))));
                brokerRefusals.add(publish(attacker, controller.topics().agent(forged[0], "telemetry"), smoke));
            }
            byte[] door = ("{\"schema\":1,\"agent\":\"pi-row-1\",\"seq\":9000001,\"ts\":\"" + now
                    + "\",\"type\":\"door-forced\",\"sensor\":\"door-main\",\"data\":{\"state\":\"1\"}}").getBytes(StandardCharsets.UTF_8);
            brokerRefusals.add(publish(attacker, controller.topics().agent("pi-row-1", "event"), door));
            attacker.disconnect().waitForCompletion(WITHIN.toMillis());
        } catch (MqttException refused) {
            brokerRefusals.add(refused.getReasonCode()); // a broker that refuses the connection refuses everything
        } finally {
            attacker.close(true);
        }

        // Each forgery was stopped: by the broker (a reason code of 0x80 or more) or counted by the controller.
        long brokerStopped = brokerRefusals.stream().filter(code -> code >= 0x80).count();
        await().atMost(WITHIN).until(() -> brokerStopped + refusedSince(refusedBefore) >= 3);

        // The real detector's smoke goes the same way and is judged: everything before it was too.
        site.inputs().set("smoke-1", 1);
        await().atMost(WITHIN).until(() -> activeAlarms().contains("smoke-1/smoke"));

        assertEquals(List.of("smoke-1/smoke"), activeAlarms().stream().filter(a -> a.endsWith("/smoke")).toList(),
                "only the real detector: no alarm for smoke-2, so no confirmed fire");
        assertTrue(securityEvents().stream().noneMatch(type -> type.equals("door-forced")), "no forced door in the security log");
        assertEquals(failoverBefore, controller.failover().state().state(), "failover did not move");
        site.inputs().set("smoke-1", 0);
    }

    /** The broker's reason code for the publish: 0 when taken, 0x80 or more when refused. */
    private static int publish(MqttAsyncClient client, String topic, byte[] payload) {
        try {
            IMqttToken token = client.publish(topic, new MqttMessage(payload, 1, false, null));
            token.waitForCompletion(WITHIN.toMillis());
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    private static long refusedSince(Map<String, Long> before) {
        Map<String, Long> now = controller.rejections().counts();
        return List.of("unsigned", "bad-signature").stream()
                .mapToLong(reason -> now.getOrDefault(reason, 0L) - before.getOrDefault(reason, 0L)).sum();
    }

    private static List<String> activeAlarms() throws Exception {
        JsonNode alarms = get("/api/alarms?state=active&limit=1000").get("items");
        List<String> out = new ArrayList<>();
        alarms.forEach(a -> out.add(a.get("source").asText() + "/" + a.get("type").asText()));
        return out;
    }

    private static List<String> securityEvents() throws Exception {
        List<String> out = new ArrayList<>();
        get("/api/security/events?limit=1000").get("items").forEach(e -> out.add(e.get("type").asText()));
        return out;
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(controller.apiUrl() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
