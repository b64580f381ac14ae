package id.jaga.config;

import java.util.List;

/**
 * How agents and the controller reach the MQTT broker. {@code uris} are tried in turn.
 * {@code embedded} makes the controller start its own broker (zero-setup single room).
 */
public record Broker(List<String> uris, String topicPrefix, String username, String passwordFile,
                     EmbeddedBroker embedded) {
    public static final String DEFAULT_PREFIX = "jaga/v1";
    public static final Broker DEFAULT = new Broker(null, null, null, null, null);

    public Broker {
        uris = uris == null || uris.isEmpty() ? List.of("tcp://127.0.0.1:1883") : Lists.of(uris);
        topicPrefix = topicPrefix == null ? DEFAULT_PREFIX : topicPrefix;
    }

    public Broker withUris(List<String> newUris) {
        return new Broker(newUris, topicPrefix, username, passwordFile, embedded);
    }

    public record EmbeddedBroker(String host, Integer port) {
        public EmbeddedBroker {
            host = host == null ? "127.0.0.1" : host;
            port = port == null ? 1883 : port;
        }
    }
}
