package id.jaga.controller.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.auth.AgentKeyRing;
import id.jaga.sensors.auth.AgentKeys;
import id.jaga.sensors.auth.MessageAuth;
import id.jaga.sensors.wire.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a site's broker must refuse and let through, whichever broker it is: Mosquitto set up by
 * {@code jaga broker-config} ({@link MosquittoAccessTest}) or the embedded one
 * ({@link EmbeddedBrokerAccessTest}); both enforce {@link BrokerAcl}. A refused QoS 1 publish is
 * answered with reason code 135 (not authorized), and a refused message never reaches a subscriber:
 * the controller hears a permitted message sent after it, and not the refused one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrokerAccessContract {
    static final int NOT_AUTHORIZED = 135;
    static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    SiteConfig site;
    Topics topics;
    String uri;
    Session controller;
    private final List<Session> sessions = new ArrayList<>();

    /** Sets {@link #site} and starts the broker for it; returns its URI. */
    abstract String startBroker() throws Exception;

    abstract void stopBroker();

    /** The controller's password on this broker. */
    abstract byte[] controllerPassword();

    /** The test's site: two agents with key files, a NOC login, and a controller login when {@code controllerPasswordFile}. */
    static SiteConfig site(int port, boolean controllerPasswordFile) throws IOException {
        Files.writeString(dir.resolve("controller.password"), "controller-secret-for-tests\n");
        Files.writeString(dir.resolve("noc.password"), "noc-secret-for-tests\n");
        String login = controllerPasswordFile
                ? ", username: jaga-controller, passwordFile: \"" + dir.resolve("controller.password") + "\"" : "";
        SiteConfig parsed = new SiteLoader().parse("acl.yaml", """
                site: {id: dc}
                broker: {uris: ["tcp://127.0.0.1:%d"]%s, nocUsername: noc, nocPasswordFile: "%s"}
                rooms: [{id: room}]
                agents: [{id: pi-a, room: room}, {id: pi-b, room: room}]
                racks:
                  - id: rack
                    room: room
                    sensors:
                      - {id: inlet-a, kind: temperature, agent: pi-a, driver: {type: simulated}}
                      - {id: inlet-b, kind: temperature, agent: pi-b, driver: {type: simulated}}
                """.formatted(port, login, dir.resolve("noc.password")));
        return AgentKeys.provision(parsed, dir.resolve("keys"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    void start() throws Exception {
        uri = startBroker();
        topics = new Topics(site.broker().topicPrefix(), site.site().id());
        controller = connect("jaga-controller-dc", BrokerAcl.DEFAULT_CONTROLLER_USER, controllerPassword());
        for (String channel : List.of(Topics.STATE, Topics.TELEMETRY, Topics.EVENT, Topics.CMD_RESULT)) {
            assertEquals(1, controller.subscribe(topics.allAgents(channel)), "the controller reads " + channel);
        }
    }

    @AfterAll
    void stop() {
        sessions.forEach(Session::close);
        stopBroker();
    }

    @Test
    void anAgentsOwnTelemetryReachesTheController() throws Exception {
        assertEquals(0, publishAsAgent("pi-a", topics.agent("pi-a", Topics.TELEMETRY), "own-telemetry"));
        await().atMost(WITHIN).until(() -> controller.heard.contains("own-telemetry"));
    }

    @Test
    void anAgentCannotPublishOnAnotherAgentsTopics() throws Exception {
        for (String channel : List.of(Topics.STATE, Topics.TELEMETRY, Topics.EVENT, Topics.CMD_RESULT)) {
            assertEquals(NOT_AUTHORIZED, publishAsAgent("pi-a", topics.agent("pi-b", channel), "forged-" + channel),
                    "pi-a publishing on pi-b's " + channel);
        }
        assertNeverDelivered("forged-");
    }

    @Test
    void anAgentCannotPublishWhatOnlyTheControllerMay() throws Exception {
        for (String topic : List.of(topics.alarm(), topics.alarmActive(), topics.failover(), topics.failoverState(),
                topics.security(), topics.auditCheckpoint(), topics.controllerState(), topics.agent("pi-a", Topics.CMD),
                topics.agent("pi-b", Topics.CMD), topics.agent("pi-a", Topics.ACCESS))) {
            assertEquals(NOT_AUTHORIZED, publishAsAgent("pi-a", topic, "{}"), "pi-a publishing on " + topic);
        }
    }

    @Test
    void aStolenAgentPasswordIsThatAgentsAndNoOneElses() throws Exception {
        MqttException refused = assertThrows(MqttException.class,
                () -> connect("jaga-agent-dc-pi-b", "pi-b", agentPassword("pi-a")));
        assertTrue(isLoginRefusal(refused.getReasonCode()), "reason code " + refused.getReasonCode());
        // Logged in as pi-a from elsewhere, the thief is held to pi-a's topics, whatever it signs.
        for (String topic : List.of(topics.agent("pi-b", Topics.TELEMETRY), topics.alarm(), topics.failover())) {
            Session thief = connect("stolen-pi-a", "pi-a", agentPassword("pi-a"));
            assertEquals(NOT_AUTHORIZED, thief.publish(topic, "stolen-" + topic, ring("pi-a")), topic);
        }
        assertNeverDelivered("stolen-");
    }

    @Test
    void aWrongPasswordIsRefused() {
        for (String user : List.of("pi-a", BrokerAcl.DEFAULT_CONTROLLER_USER, "noc", "someone")) {
            MqttException refused = assertThrows(MqttException.class,
                    () -> connect("wrong-" + user, user, "not-the-password".getBytes(StandardCharsets.US_ASCII)));
            assertTrue(isLoginRefusal(refused.getReasonCode()), user + ": reason code " + refused.getReasonCode());
        }
    }

    /**
     * Mosquitto grants any subscription and checks each message as it delivers it; HiveMQ refuses the
     * subscription (135, {@link EmbeddedBrokerAccessTest}). Either way nothing outside the rules arrives.
     */
    @Test
    void anAgentHearsOnlyItsOwnCommandsAllowListAndTheControllersState() throws Exception {
        Session a = connect("jaga-agent-dc-pi-a-reader", "pi-a", agentPassword("pi-a"));
        assertEquals(1, a.subscribe(topics.agent("pi-a", Topics.CMD)));
        assertEquals(1, a.subscribe(topics.agent("pi-a", Topics.ACCESS)));
        assertEquals(1, a.subscribe(topics.controllerState()));
        for (String filter : List.of(topics.agent("pi-b", Topics.CMD), topics.agent("pi-b", Topics.ACCESS),
                topics.allAgents(Topics.TELEMETRY), topics.alarm())) {
            int code = a.subscribe(filter);
            assertTrue(code == 1 || code == NOT_AUTHORIZED, filter + ": " + code);
        }
        assertEquals(0, publishAsAgent("pi-b", topics.agent("pi-b", Topics.TELEMETRY), "not-for-a: telemetry"));
        await().atMost(WITHIN).until(() -> controller.heard.contains("not-for-a: telemetry"));
        assertEquals(0, controller.publish(topics.agent("pi-b", Topics.CMD), "not-for-a: command", null));
        assertEquals(0, controller.publish(topics.agent("pi-b", Topics.ACCESS), "not-for-a: allow-list", null));
        assertEquals(0, controller.publish(topics.alarm(), "not-for-a: alarm", null));
        // The same publisher's next message reaches pi-a after the ones before it would have.
        assertEquals(0, controller.publish(topics.agent("pi-a", Topics.ACCESS), "for-a: allow-list", null));
        assertEquals(0, controller.publish(topics.agent("pi-a", Topics.CMD), "for-a: command", null));
        await().atMost(WITHIN).until(() -> a.heard.contains("for-a: command"));
        assertEquals(List.of("for-a: allow-list", "for-a: command"), List.copyOf(a.heard));
    }

    @Test
    void theControllerCommandsAgentsAndTellsTheNoc() throws Exception {
        Session a = connect("jaga-agent-dc-pi-a-commanded", "pi-a", agentPassword("pi-a"));
        assertEquals(1, a.subscribe(topics.agent("pi-a", Topics.CMD)));
        Session noc = connect("noc-console", "noc", "noc-secret-for-tests".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, noc.subscribe(topics.alarm() + "/#"));
        assertEquals(1, noc.subscribe(topics.failover() + "/#"));
        int code = noc.subscribe(topics.allAgents(Topics.TELEMETRY));
        assertTrue(code == 1 || code == NOT_AUTHORIZED, "agent/+/telemetry: " + code);

        assertEquals(0, publishAsAgent("pi-b", topics.agent("pi-b", Topics.TELEMETRY), "not-for-noc: telemetry"));
        await().atMost(WITHIN).until(() -> controller.heard.contains("not-for-noc: telemetry"));
        assertEquals(0, controller.publish(topics.agent("pi-a", Topics.CMD), "a-command", null));
        assertEquals(0, controller.publish(topics.alarm(), "an-alarm", null));
        assertEquals(0, controller.publish(topics.failoverState(), "a-failover-state", null));
        await().atMost(WITHIN).until(() -> a.heard.contains("a-command") && noc.heard.contains("a-failover-state"));
        assertEquals(List.of("an-alarm", "a-failover-state"), List.copyOf(noc.heard), "the NOC reads no readings");

        assertEquals(NOT_AUTHORIZED, noc.publish(topics.alarm(), "noc-alarm", null), "the NOC only reads");
        Session noc2 = connect("noc-console-2", "noc", "noc-secret-for-tests".getBytes(StandardCharsets.UTF_8));
        assertEquals(NOT_AUTHORIZED, noc2.publish(topics.agent("pi-a", Topics.TELEMETRY), "noc-telemetry", null));
    }

    /**
     * A permitted message from the agent after the refused ones: the broker decided on each refused
     * one before answering it, so once the controller heard this one it would have heard them.
     */
    void assertNeverDelivered(String prefix) throws Exception {
        String marker = "after-" + prefix + System.nanoTime();
        assertEquals(0, publishAsAgent("pi-a", topics.agent("pi-a", Topics.EVENT), marker));
        await().atMost(WITHIN).until(() -> controller.heard.contains(marker));
        synchronized (controller.heard) {
            assertFalse(controller.heard.stream().anyMatch(m -> m.startsWith(prefix)), "heard: " + controller.heard);
        }
    }

    /** Mosquitto answers a bad login with 135 (not authorized), HiveMQ with 134 (bad user name or password). */
    static boolean isLoginRefusal(int reasonCode) {
        return reasonCode == 134 || reasonCode == NOT_AUTHORIZED;
    }

    AgentKeyRing ring(String agent) {
        return AgentKeyRing.read(Path.of(site.agents().stream().filter(a -> a.id().equals(agent)).findFirst().orElseThrow().keyFile()));
    }

    byte[] agentPassword(String agent) {
        return MessageAuth.brokerPassword(ring(agent)).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Publishes as the agent does (logged in as it, signed with its key), from a connection of its
     * own: HiveMQ ends a connection after a refused publish.
     */
    int publishAsAgent(String agent, String topic, String payload) throws MqttException {
        Session session = connect("jaga-agent-dc-" + agent + "-" + System.nanoTime(), agent, agentPassword(agent));
        return session.publish(topic, payload, ring(agent));
    }

    /** A connected MQTT 5 client; {@code user} null for an anonymous one. Closed after the class. */
    Session connect(String clientId, String user, byte[] password) throws MqttException {
        Session session = new Session(new MqttAsyncClient(uri, clientId, new MemoryPersistence()));
        MqttConnectionOptions options = new MqttConnectionOptions();
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password);
        }
        session.client.connect(options).waitForCompletion(WITHIN.toMillis());
        sessions.add(session);
        return session;
    }

    /** One client, what it heard, and the reason code of the broker's DISCONNECT if it sent one. */
    static final class Session implements MqttCallback {
        final MqttAsyncClient client;
        final List<String> heard = Collections.synchronizedList(new ArrayList<>());
        volatile Integer disconnectedWith;

        Session(MqttAsyncClient client) {
            this.client = client;
            client.setCallback(this);
        }

        /**
         * Publishes at QoS 1 and returns 0 when accepted, else the reason code of the refusal: the
         * PUBACK's, or, when HiveMQ follows its PUBACK 135 with a DISCONNECT 135, the DISCONNECT's,
         * which is what Paho reports.
         */
        int publish(String topic, String payload, AgentKeyRing signer) throws MqttException {
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            MqttProperties properties = new MqttProperties();
            if (signer != null) {
                properties.setUserProperties(List.of(new UserProperty(MessageAuth.PROPERTY, MessageAuth.sign(signer, bytes))));
            }
            IMqttToken token = client.publish(topic, new MqttMessage(bytes, 1, false, properties));
            try {
                token.waitForCompletion(WITHIN.toMillis());
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_SERVER_DISCONNECTED) {
                    return e.getReasonCode();
                }
                await().atMost(WITHIN).until(() -> disconnectedWith != null);
                return disconnectedWith;
            }
            int code = token.getReasonCodes() == null ? 0 : token.getReasonCodes()[0];
            return code < 0x80 ? 0 : code; // 16, no matching subscribers, is accepted too
        }

        /** Subscribes at QoS 1 and returns the SUBACK's reason code: 1 (granted QoS 1), or 135 (not authorized). */
        int subscribe(String filter) throws MqttException {
            IMqttToken token = client.subscribe(filter, 1);
            try {
                token.waitForCompletion(WITHIN.toMillis());
            } catch (MqttException e) {
                return e.getReasonCode();
            }
            return token.getReasonCodes()[0];
        }

        void close() {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(5_000);
                }
                client.close(true);
            } catch (MqttException e) {
                // the broker stops next anyway
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            heard.add(new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            disconnectedWith = response.getReturnCode();
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
