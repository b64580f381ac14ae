package id.jaga.agent;

import id.jaga.sensors.mqtt.MessageListener;
import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** A plain MQTT client standing where the controller or the NOC would: it sees what reaches the broker. */
final class MqttWatcher implements AutoCloseable {
    private final MqttClient client;

    private MqttWatcher(MqttClient client) {
        this.client = client;
    }

    /** Connects to a broker on this machine and hands every message of {@code filters} to {@code handler}. */
    static MqttWatcher watch(int port, BiConsumer<String, MqttMessage> handler, String... filters) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "watcher-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(MessageListener.of(handler));
        client.connect();
        int[] qos = new int[filters.length];
        java.util.Arrays.fill(qos, 1);
        client.subscribe(filters, qos);
        return new MqttWatcher(client);
    }

    void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, new MqttMessage(payload, 1, false, null));
    }

    /** Publishes as the controller does its state and allow-lists: kept by the broker for whoever subscribes later. */
    void publishRetained(String topic, byte[] payload) throws MqttException {
        client.publish(topic, new MqttMessage(payload, 1, true, null));
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
