package id.jaga.controller;

import id.jaga.config.SiteConfig;
import id.jaga.sensors.auth.AgentKeyRing;
import id.jaga.sensors.auth.AgentKeys;
import id.jaga.sensors.auth.MessageAuth;
import id.jaga.sensors.mqtt.MqttLink.Incoming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/** Every agent of a test site gets a key, as {@code ./jaga keys new} would give it; messages are signed as that agent signs them. */
public final class AgentKeysForTests {
    private AgentKeysForTests() {
    }

    /** The site with a fresh key file for each agent, in a folder of its own. */
    public static SiteConfig withKeys(SiteConfig site) {
        try {
            Path dir = Files.createTempDirectory("agent-keys");
            dir.toFile().deleteOnExit();
            return AgentKeys.provision(site, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AgentKeyRing keys(SiteConfig site, String agent) {
        return AgentKeyRing.read(Path.of(site.agent(agent).orElseThrow().keyFile()));
    }

    /** A QoS 1 MQTT message as {@code agent} publishes it: the payload with the agent's authentication property. */
    public static MqttMessage signedMessage(SiteConfig site, String agent, byte[] payload) {
        MqttProperties properties = new MqttProperties();
        properties.setUserProperties(List.of(new UserProperty(MessageAuth.PROPERTY, MessageAuth.sign(keys(site, agent), payload))));
        return new MqttMessage(payload, 1, false, properties);
    }

    /** The message as {@code agent} sends it: authenticated with its newest key. */
    public static Incoming signedBy(SiteConfig site, String agent, Incoming message) {
        return message.withAuth(MessageAuth.sign(keys(site, agent), message.payload()));
    }
}
