package id.jaga.controller.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.sensors.auth.MessageAuth;
import id.jaga.sensors.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker a site file's {@code broker.embedded} starts: the same rules as Mosquitto
 * ({@link BrokerAccessContract}), the controller with the password the broker made for it, and, as
 * it listens on loopback, anonymous clients that may read what the NOC reads and publish nothing.
 */
class EmbeddedBrokerAccessTest extends BrokerAccessContract {
    private EmbeddedBroker broker;

    @Override
    String startBroker() throws Exception {
        int port = freePort();
        site = site(port, false);
        broker = EmbeddedBroker.forSite(site, "127.0.0.1", port, dir.resolve("broker"));
        return broker.uri();
    }

    @Override
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    byte[] controllerPassword() {
        return broker.controllerPassword();
    }

    @Test
    void anAnonymousClientOnLoopbackReadsTheNocTopicsAndPublishesNothing() throws Exception {
        Session watcher = connect("noc-watcher", null, null);
        assertEquals(1, watcher.subscribe(topics.alarm() + "/#"));
        assertEquals(1, watcher.subscribe(topics.failover() + "/#"));
        assertEquals(1, watcher.subscribe(topics.security() + "/#"));
        assertEquals(1, watcher.subscribe(topics.controllerState()));
        assertEquals(NOT_AUTHORIZED, watcher.subscribe(topics.allAgents(Topics.TELEMETRY)));
        assertEquals(NOT_AUTHORIZED, watcher.subscribe(topics.root() + "/#"));

        for (String topic : List.of(topics.agent("pi-a", Topics.TELEMETRY), topics.agent("pi-a", Topics.STATE),
                topics.alarm(), topics.failover(), topics.agent("pi-a", Topics.CMD))) {
            Session anonymous = connect("anonymous-" + System.nanoTime(), null, null);
            assertEquals(NOT_AUTHORIZED, anonymous.publish(topic, "anonymous-" + topic, null), topic);
        }
        assertEquals(0, controller.publish(topics.alarm(), "controller-alarm", null));
        await().atMost(WITHIN).until(() -> watcher.heard.contains("controller-alarm"));
        assertTrue(watcher.heard.stream().noneMatch(m -> m.startsWith("anonymous-")), "heard: " + watcher.heard);
        assertNeverDeliveredToController();
    }

    private void assertNeverDeliveredToController() throws Exception {
        String marker = "after-anonymous-" + System.nanoTime();
        assertEquals(0, publishAsAgent("pi-a", topics.agent("pi-a", Topics.EVENT), marker));
        await().atMost(WITHIN).until(() -> controller.heard.contains(marker));
        assertTrue(controller.heard.stream().noneMatch(m -> m.startsWith("anonymous-")), "heard: " + controller.heard);
    }

    /** Where Mosquitto grants a subscription and filters what it delivers, HiveMQ refuses the subscription itself. */
    @Test
    void aSubscriptionOutsideTheRulesIsRefused() throws Exception {
        Session a = connect("jaga-agent-dc-pi-a-subscriber", "pi-a", agentPassword("pi-a"));
        assertEquals(NOT_AUTHORIZED, a.subscribe(topics.agent("pi-b", Topics.CMD)));
        assertEquals(NOT_AUTHORIZED, a.subscribe(topics.allAgents(Topics.CMD)));
        assertEquals(NOT_AUTHORIZED, a.subscribe(topics.allAgents(Topics.TELEMETRY)));
        assertEquals(NOT_AUTHORIZED, a.subscribe(topics.alarm()));
        Session noc = connect("noc-subscriber", "noc", "noc-secret-for-tests".getBytes(StandardCharsets.UTF_8));
        assertEquals(NOT_AUTHORIZED, noc.subscribe(topics.allAgents(Topics.TELEMETRY)));
        assertEquals(NOT_AUTHORIZED, noc.subscribe("#"));
    }

    @Test
    void anAgentWhoseLastWillNamesAnotherAgentIsRefused() throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(uri, "jaga-agent-dc-pi-a-will", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName("pi-a");
        options.setPassword(agentPassword("pi-a"));
        byte[] death = "{}".getBytes(StandardCharsets.UTF_8);
        MqttProperties properties = new MqttProperties();
        properties.setUserProperties(List.of(new UserProperty(MessageAuth.PROPERTY, MessageAuth.sign(ring("pi-a"), death))));
        options.setWill(topics.agent("pi-b", Topics.STATE), new MqttMessage(death, 1, true, properties));
        try {
            MqttException refused = assertThrows(MqttException.class, () -> client.connect(options).waitForCompletion(WITHIN.toMillis()));
            assertEquals(NOT_AUTHORIZED, refused.getReasonCode());
        } finally {
            client.close(true);
        }
    }

    @Test
    void refusalsAreCounted() throws Exception {
        long publishes = broker.refusals().count(Refusals.Kind.PUBLISH);
        assertEquals(NOT_AUTHORIZED, publishAsAgent("pi-a", topics.alarm(), "counted-1"));
        assertEquals(NOT_AUTHORIZED, publishAsAgent("pi-a", topics.alarm(), "counted-2"));
        assertEquals(publishes + 2, broker.refusals().count(Refusals.Kind.PUBLISH));
        long connects = broker.refusals().count(Refusals.Kind.CONNECT);
        assertThrows(MqttException.class, () -> connect("wrong-counted", "pi-b", "nope".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(connects + 1, broker.refusals().count(Refusals.Kind.CONNECT));
    }

}
