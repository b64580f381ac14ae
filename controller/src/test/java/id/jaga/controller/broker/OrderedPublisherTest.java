package id.jaga.controller.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import id.jaga.config.Broker;
import id.jaga.sensors.mqtt.MessageListener;
import id.jaga.sensors.mqtt.MqttLink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the NOC hears, through a real broker: every message once, in order, however many are
 * published at once. The broker takes only so many unacknowledged messages from one client (its
 * receive maximum, 10 for the embedded broker): a burst above that must wait for acknowledgements,
 * not be sent twice. And one the broker never acknowledges is sent again, with everything after it.
 */
class OrderedPublisherTest {
    private static final Duration WITHIN = Duration.ofSeconds(30);
    @TempDir
    static Path dir;
    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.onFreePort(dir.resolve("broker"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aBurstAboveTheBrokersLimitArrivesOnceAndInOrder() throws Exception {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        MqttClient noc = new MqttClient(broker.uri(), "noc", new MemoryPersistence());
        noc.setCallback(MessageListener.of((topic, m) -> heard.add(new String(m.getPayload(), StandardCharsets.UTF_8))));
        noc.connect();
        noc.subscribe("noc/#", 1);
        MqttLink link = new MqttLink(new Broker(List.of(broker.uri()), null, null, null, null), "controller", null);
        link.start();
        await().atMost(WITHIN).until(link::isConnected);
        List<String> sent = IntStream.range(0, 500).mapToObj(Integer::toString).toList();
        try (OrderedPublisher publisher = new OrderedPublisher(link)) {
            publish(publisher, sent);
            publish(publisher, List.of("end"));
            await().atMost(WITHIN).until(() -> heard.contains("end"));
            assertEquals(0, publisher.pending(), "all acknowledged");
        } finally {
            link.close();
            noc.disconnect();
            noc.close();
        }
        List<String> expected = new ArrayList<>(sent);
        expected.add("end");
        assertEquals(expected, List.copyOf(heard));
    }

    /** A broker that never acknowledges a message (a seam: no real broker loses an acknowledgement on request). */
    @Test
    void aMessageNeverAcknowledgedIsSentAgainWithEverythingAfterIt() throws Exception {
        MqttLink link = mock(MqttLink.class);
        IMqttToken lost = mock(IMqttToken.class);
        IMqttToken acknowledged = mock(IMqttToken.class);
        when(acknowledged.isComplete()).thenReturn(true);
        List<String> published = Collections.synchronizedList(new ArrayList<>());
        when(link.publish(anyString(), any(), anyInt(), anyBoolean())).thenAnswer(call -> {
            String payload = new String((byte[]) call.getArgument(1), StandardCharsets.UTF_8);
            published.add(payload);
            return published.size() == 1 ? lost : acknowledged;
        });
        try (OrderedPublisher publisher = new OrderedPublisher(link, Duration.ofMillis(200))) {
            publish(publisher, List.of("a", "b"));
            await().atMost(WITHIN).until(() -> publisher.pending() == 0);
        }
        assertEquals(List.of("a", "b", "a", "b"), published);
    }

    private static void publish(OrderedPublisher publisher, List<String> payloads) {
        publisher.publish(payloads.stream().map(s -> new OrderedPublisher.Message("noc/alarm", s.getBytes(StandardCharsets.UTF_8), false))
                .toList());
    }
}
