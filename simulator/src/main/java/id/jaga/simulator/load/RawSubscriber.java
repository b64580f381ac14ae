package id.jaga.simulator.load;

import id.jaga.sensors.mqtt.MessageListener;
import id.jaga.sensors.mqtt.NoDelaySockets;
import id.jaga.sensors.wire.Topics;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The baseline consumer: a bare MQTT 5 subscriber to every agent's telemetry, QoS 1 like the
 * controller, that only counts. Every load message carries the same number of readings, so it
 * counts readings without decoding a single payload.
 */
final class RawSubscriber implements AutoCloseable {
    private final MqttClient client;
    private final LongAdder readings = new LongAdder();

    RawSubscriber(String brokerUri, Topics topics, int readingsPerMessage) throws MqttException {
        client = new MqttClient(brokerUri, "jaga-raw-subscriber", new MemoryPersistence());
        client.setCallback(MessageListener.of((topic, message) -> readings.add(readingsPerMessage)));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSocketFactory(NoDelaySockets.plain()); // as the controller's own session
        client.connect(options);
        client.subscribe(topics.allAgents(Topics.TELEMETRY), 1);
    }

    long readings() {
        return readings.sum();
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}
