package id.jaga.config;

import java.time.Duration;

/**
 * Where and how the controller serves its HTTP API, metrics and OPC UA server, how long it keeps its
 * audit log, and how long a gap in an agent's sequence may stay open before it counts as lost.
 */
public record ControllerSettings(Http http, Duration auditRetention, OpcUa opcua, Metrics metrics, Duration gapTimeout) {
    /**
     * Long enough for what a reconnect replays out of order (the agent's queue, the broker's
     * unacknowledged messages) to arrive, short enough that a loss is reported while it matters.
     */
    public static final Duration DEFAULT_GAP_TIMEOUT = Duration.ofSeconds(30);
    /** After the constants it reads: static fields are set in order. */
    public static final ControllerSettings DEFAULT = new ControllerSettings(null, null, null, null);

    /**
     * {@code auditRetention}: how long audit records are kept before a recorded deletion (default 5 years);
     * {@code gapTimeout}: how long missing sequence numbers may still arrive before they are declared lost.
     */
    public ControllerSettings {
        http = http == null ? Http.DEFAULT : http;
        auditRetention = auditRetention == null ? Duration.ofDays(5 * 365 + 1) : auditRetention;
        opcua = opcua == null ? OpcUa.DEFAULT : opcua;
        metrics = metrics == null ? Metrics.CLOSED : metrics;
        gapTimeout = gapTimeout == null ? DEFAULT_GAP_TIMEOUT : gapTimeout;
    }

    public ControllerSettings(Http http, Duration auditRetention, OpcUa opcua, Metrics metrics) {
        this(http, auditRetention, opcua, metrics, null);
    }

    public ControllerSettings(Http http, Duration auditRetention) {
        this(http, auditRetention, null, null);
    }

    /** {@code sessionTimeout}: how long a sign-in lasts (default one 8-hour shift). */
    public record Http(String host, Integer port, Duration sessionTimeout) {
        public static final Http DEFAULT = new Http(null, null, null);

        public Http {
            host = host == null ? "127.0.0.1" : host;
            port = port == null ? 8080 : port;
            sessionTimeout = sessionTimeout == null ? Duration.ofHours(8) : sessionTimeout;
        }
    }

    /**
     * The OPC UA server (off unless {@code enabled}): where it listens, and whether a client may
     * read without signing in, which also opens an endpoint without security (for a demo only).
     */
    public record OpcUa(Boolean enabled, String host, Integer port, Boolean allowAnonymous) {
        public static final OpcUa DEFAULT = new OpcUa(null, null, null, null);

        public OpcUa {
            enabled = enabled != null && enabled;
            host = host == null ? "127.0.0.1" : host;
            port = port == null ? 4840 : port;
            allowAnonymous = allowAnonymous != null && allowAnonymous;
        }
    }

    /**
     * Who may scrape {@code GET /metrics}: a Prometheus sending the bearer token held in
     * {@code tokenFile}, or anyone when {@code open} (the demo). Neither set: nobody.
     */
    public record Metrics(Boolean open, String tokenFile) {
        public static final Metrics CLOSED = new Metrics(null, null);

        public Metrics {
            open = open != null && open;
        }
    }
}
