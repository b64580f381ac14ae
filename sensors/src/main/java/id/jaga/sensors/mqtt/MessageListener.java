package id.jaga.sensors.mqtt;

import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A Paho callback for a plain subscriber that only wants the messages (a NOC client, a test). */
public final class MessageListener implements MqttCallback {
    private final BiConsumer<String, MqttMessage> onMessage;

    private MessageListener(BiConsumer<String, MqttMessage> onMessage) {
        this.onMessage = onMessage;
    }

    public static MqttCallback of(BiConsumer<String, MqttMessage> onMessage) {
        return new MessageListener(onMessage);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        onMessage.accept(topic, message);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
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
