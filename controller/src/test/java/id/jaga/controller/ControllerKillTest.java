package id.jaga.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import id.jaga.config.Storage;
import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.controller.storage.TestPostgres;
import id.jaga.sensors.mqtt.MessageListener;
import id.jaga.sensors.wire.ControllerState;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Wire;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller as its own process, killed with SIGKILL in the middle of ingest: its broker session
 * keeps what it had not acknowledged, and the next process stores every reading exactly once.
 */
class ControllerKillTest {
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final int MESSAGES = 300;

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private MqttClient agent;
    private final List<Process> processes = new ArrayList<>();
    private final AtomicReference<String> controllerStatus = new AtomicReference<>("none");
    private Storage database;

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
        TestPostgres.dropDatabase(database);
    }

    @Test
    void noAcknowledgedReadingIsLostAndNoneStoredTwice() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        broker = EmbeddedBroker.start("127.0.0.1", port, dir.resolve("broker"));
        // PostgreSQL, so the test can count while the controller process holds the database.
        database = TestPostgres.createDatabase();
        String url = database.url();
        Path site = Files.writeString(dir.resolve("site.yaml"), """
                site: {id: dc}
                broker: {uris: [tcp://127.0.0.1:%d]}
                storage: {url: "%s"}
                controller: {http: {host: 127.0.0.1, port: 0}}
                rooms: [{id: room}]
                agents: [{id: pi-1, room: room}]
                racks:
                  - id: rack
                    room: room
                    sensors: [{id: inlet, kind: temperature, agent: pi-1, driver: {type: simulated}}]
                """.formatted(port, url));
        agent = connectAgent(port);

        Process first = controller(site, "first.log");
        await().atMost(WITHIN).until(() -> controllerStatus.get().equals("online"));
        Instant start = Instant.now().minusSeconds(10); // distinct, past reading times
        for (int seq = 0; seq < MESSAGES; seq++) {
            publish(seq, start.plusMillis(seq));
            if (seq == MESSAGES / 3) {
                first.destroyForcibly(); // SIGKILL while it is storing
            }
        }
        first.waitFor(10, TimeUnit.SECONDS);

        controller(site, "second.log");
        await().atMost(WITHIN).until(() -> count(url, "SELECT COUNT(DISTINCT seq) FROM telemetry") == MESSAGES);

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
        await().atMost(WITHIN).until(() -> {
            try {
                agent.publish("jaga/v1/dc/agent/pi-1/telemetry", new MqttMessage(Wire.encode(t), 1, false, null));
                return true;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                return false;
            }
        });
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // the controller has not created the schema yet
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
