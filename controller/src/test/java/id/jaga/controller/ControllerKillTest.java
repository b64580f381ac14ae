package id.jaga.controller;

import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import id.jaga.sensors.auth.MessageAuth;
import id.jaga.sensors.auth.AgentKeys;
import id.jaga.sensors.auth.AgentKeyRing;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jaga.config.Storage;
import id.jaga.controller.auth.Accounts;
import id.jaga.controller.auth.Role;
import id.jaga.controller.storage.Database;
import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.controller.storage.TestPostgres;
import id.jaga.sensors.mqtt.MessageListener;
import id.jaga.sensors.wire.ControllerState;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Wire;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The controller as its own process, killed with SIGKILL in the middle of ingest: its broker session
 * keeps what it had not acknowledged, and the next process stores every reading exactly once.
 * <p>
 * On PostgreSQL and on the default H2 file. An H2 file belongs to the controller process while it
 * runs, so the test follows ingest through the API (the sensor's raw history, read by the
 * controller from its database), and counts in the database itself once the controller has stopped.
 */
class ControllerKillTest {
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final int MESSAGES = 300;
    private static final String PASSWORD = "kill-test-counts-readings";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private MqttClient agent;
    private AgentKeyRing keys;
    private final List<Process> processes = new ArrayList<>();
    private final AtomicReference<String> controllerStatus = new AtomicReference<>("none");
    private Storage database;
    private final HttpClient http = HttpClient.newHttpClient();
    private String token;

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly().waitFor();
        }

        if (agent != null) {
            agent.disconnect();
            agent.close();
        }
        broker.close();
        if (database.url().startsWith("jdbc:postgresql:")) {
            TestPostgres.dropDatabase(database);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void noAcknowledgedReadingIsLostAndNoneStoredTwice(String storage) throws Exception {
        int port = freePort();
        int httpPort = freePort();
        broker = EmbeddedBroker.start("127.0.0.1", port, dir.resolve("broker"));
        database = storage.equals("h2") ? new Storage("jdbc:h2:file:" + dir.resolve("db/jaga").toAbsolutePath(), null, null) : TestPostgres.createDatabase();
        String url = database.url();
        try (Database db = Database.open(database)) { // a viewer to read the history with
            new Accounts(db, Clock.systemUTC(), Duration.ofHours(1)).create("counter", PASSWORD, Role.VIEWER);
        }
        Path site = Files.writeString(dir.resolve("site.yaml"), """
                site: {id: dc}
                broker: {uris: [tcp://127.0.0.1:%d]}
                storage: {url: "%s"}
                controller: {http: {host: 127.0.0.1, port: %d}}
                rooms: [{id: room}]
                agents: [{id: pi-1, room: room, keyFile: "%s"}]
                racks:
                  - id: rack
                    room: room
                    sensors: [{id: inlet, kind: temperature, agent: pi-1, driver: {type: simulated}}]
                """.formatted(port, url, httpPort, dir.resolve("pi-1.keys")));
        AgentKeys.ensure(dir.resolve("pi-1.keys"));
        keys = AgentKeyRing.read(dir.resolve("pi-1.keys"));
        agent = connectAgent(port);

        Process first = controller(site, "first.log");
        await().atMost(WITHIN).until(() -> controllerStatus.get().equals("online"));
        Instant start = Instant.now().minusSeconds(10); // distinct, past reading times
        for (int seq = 0; seq < MESSAGES / 3; seq++) {
            publish(seq, start.plusMillis(seq));
        }
        await().atMost(WITHIN).until(() -> storedThroughApi(httpPort, start) >= MESSAGES / 6);
        for (int seq = MESSAGES / 3; seq < MESSAGES; seq++) {
            publish(seq, start.plusMillis(seq));
            if (seq == MESSAGES / 2) {
                first.destroyForcibly(); // SIGKILL while it is storing
            }
        }
        first.waitFor(10, TimeUnit.SECONDS);

        Process second = controller(site, "second.log");
        try {
            await().atMost(WITHIN).until(() -> storedThroughApi(httpPort, start), equalTo(MESSAGES)); // a loss shows as fewer
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            for (String log : List.of("first.log", "second.log")) { // what each controller did, to find out why
                System.err.println("---- " + log + "\n" + Files.readString(dir.resolve(log)));
            }
            throw e;
        }
        second.destroy(); // a clean stop, so that the test may open an H2 file
        assertTrue(second.waitFor(30, TimeUnit.SECONDS), "the controller stops on SIGTERM");

        assertEquals(MESSAGES, count(url, "SELECT COUNT(DISTINCT seq) FROM telemetry"), "every message stored");
        assertEquals(MESSAGES, count(url, "SELECT COALESCE(SUM(reading_count), 0) FROM telemetry"), "every reading stored once");
    }

    private Process controller(Path site, String log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ControllerMain.class.getName(),
                "--site", site.toString(), "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
        processes.add(p);
        return p;
    }

    /**
     * Publishes and waits for the broker's acknowledgement. Paho's client now and then still counts
     * an acknowledged publish as in flight and refuses the next one (reason 32202); like the agent's
     * queue, the stand-in then tries the same message again until the broker takes it.
     */
    private void publish(int seq, Instant at) {
        Telemetry t = new Telemetry("pi-1", seq, at, List.of(Reading.good("inlet", 20 + seq % 5, "C", at)));
        await().atMost(WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
            try {
                byte[] payload = Wire.encode(t);
                MqttProperties signed = new MqttProperties();
                signed.setUserProperties(List.of(new UserProperty(MessageAuth.PROPERTY, MessageAuth.sign(keys, payload))));
                agent.publish("jaga/v1/dc/agent/pi-1/telemetry", new MqttMessage(payload, 1, false, signed));
                return true;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                return false;
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The sensor's raw readings as the controller has stored them, or -1 while it cannot answer yet. */
    private int storedThroughApi(int port, Instant start) throws InterruptedException {
        String api = "http://127.0.0.1:" + port + "/api/";
        try {
            if (token == null) {
                HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(api + "session"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"counter\",\"password\":\"" + PASSWORD + "\"}"))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                token = JSON.readTree(session.body()).get("token").asText();
            }
            HttpResponse<String> history = http.send(HttpRequest.newBuilder(URI.create(api + "sensors/inlet/history?resolution=raw"
                            + "&limit=5000&from=" + start.minusSeconds(60) + "&to=" + Instant.now().plusSeconds(60)))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode items = JSON.readTree(history.body()).path("items");
            return history.statusCode() == 200 ? items.size() : -1;
        } catch (IOException e) {
            return -1; // not listening yet
        }
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private MqttClient connectAgent(int port) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "pi-1-stand-in", new MemoryPersistence());
        client.setCallback(MessageListener.of((topic, message) ->
                controllerStatus.set(Wire.decode(message.getPayload(), ControllerState.class).status())));
        client.connect();
        client.subscribe("jaga/v1/dc/controller/state", 1);
        return client;
    }
}
