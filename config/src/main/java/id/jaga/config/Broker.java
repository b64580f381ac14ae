package id.jaga.config;

import java.time.Duration;
import java.util.List;

/**
 * How agents and the controller reach the MQTT broker. {@code uris} are tried in turn.
 * {@code embedded} makes the controller start its own broker (zero-setup single room).
 *
 * <p>Secrets are never written in the site file, only the files that hold them: {@code passwordFile}
 * (with {@code username}), and for TLS {@code caFile} (PEM CA certificates the broker's certificate
 * must chain to) and {@code clientCertFile} + {@code clientKeyFile} (PEM certificate and unencrypted
 * PKCS#8 key, when the broker authenticates clients by certificate). {@code nocUsername} with
 * {@code nocPasswordFile} is an optional read-only login for NOC subscribers, which
 * {@code jaga broker-config} and the embedded broker let read alarms, failover and security only.
 *
 * <p>A broker reached beyond this host must be reached over TLS with credentials; {@code insecure: true}
 * with an {@code insecureReason} is the only way around that, and it is logged and shown to staff.
 *
 * <p>{@code reconnectMaxDelay} caps the wait between two connection attempts (first connect and
 * reconnect alike), so that ingest resumes within seconds of the broker answering again.
 */
public record Broker(List<String> uris, String topicPrefix, String username, String passwordFile,
                     String caFile, String clientCertFile, String clientKeyFile, EmbeddedBroker embedded,
                     Boolean insecure, String insecureReason, String nocUsername, String nocPasswordFile,
                     Duration reconnectMaxDelay) {
    public static final String DEFAULT_PREFIX = "jaga/v1";
    /** Short enough that a client is back within 5 s of the broker answering, connect included. */
    public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(4);
    public static final Broker DEFAULT = new Broker(null, null, null, null, null);

    public Broker {
        uris = uris == null || uris.isEmpty() ? List.of("tcp://127.0.0.1:1883") : Lists.of(uris);
        topicPrefix = topicPrefix == null ? DEFAULT_PREFIX : topicPrefix;
        reconnectMaxDelay = reconnectMaxDelay == null ? DEFAULT_RECONNECT_MAX_DELAY : reconnectMaxDelay;
    }

    /** Broker settings with the default reconnect delay. */
    public Broker(List<String> uris, String topicPrefix, String username, String passwordFile,
                  String caFile, String clientCertFile, String clientKeyFile, EmbeddedBroker embedded,
                  Boolean insecure, String insecureReason, String nocUsername, String nocPasswordFile) {
        this(uris, topicPrefix, username, passwordFile, caFile, clientCertFile, clientKeyFile, embedded, insecure,
                insecureReason, nocUsername, nocPasswordFile, null);
    }

    /** A broker without a NOC login, as before it existed. */
    public Broker(List<String> uris, String topicPrefix, String username, String passwordFile,
                  String caFile, String clientCertFile, String clientKeyFile, EmbeddedBroker embedded,
                  Boolean insecure, String insecureReason) {
        this(uris, topicPrefix, username, passwordFile, caFile, clientCertFile, clientKeyFile, embedded, insecure,
                insecureReason, null, null);
    }

    /** A broker without TLS (plain tcp:// or ws://), as before TLS settings existed. */
    public Broker(List<String> uris, String topicPrefix, String username, String passwordFile, EmbeddedBroker embedded) {
        this(uris, topicPrefix, username, passwordFile, null, null, null, embedded);
    }

    /** A broker held to the secure defaults (no {@code insecure} exception). */
    public Broker(List<String> uris, String topicPrefix, String username, String passwordFile,
                  String caFile, String clientCertFile, String clientKeyFile, EmbeddedBroker embedded) {
        this(uris, topicPrefix, username, passwordFile, caFile, clientCertFile, clientKeyFile, embedded, null, null);
    }

    /** The same broker settings (credentials, TLS files) at other addresses. */
    public Broker withUris(List<String> newUris) {
        return new Broker(newUris, topicPrefix, username, passwordFile, caFile, clientCertFile, clientKeyFile, embedded,
                insecure, insecureReason, nocUsername, nocPasswordFile, reconnectMaxDelay);
    }

    /** True when the site file accepts an unencrypted or unauthenticated link beyond this host, with a reason. */
    public boolean acceptedInsecure() {
        return Boolean.TRUE.equals(insecure);
    }

    /** True when any URI is {@code ssl://} or {@code wss://}. */
    public boolean usesTls() {
        return uris.stream().anyMatch(u -> u.startsWith("ssl://") || u.startsWith("wss://"));
    }

    public record EmbeddedBroker(String host, Integer port) {
        public EmbeddedBroker {
            host = host == null ? "127.0.0.1" : host;
            port = port == null ? 1883 : port;
        }
    }
}
