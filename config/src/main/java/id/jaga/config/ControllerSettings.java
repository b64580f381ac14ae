package id.jaga.config;

import java.time.Duration;

/** Where and how the controller serves its HTTP API, and how long it keeps its audit log. */
public record ControllerSettings(Http http, Duration auditRetention) {
    public static final ControllerSettings DEFAULT = new ControllerSettings(null, null);

    /** {@code auditRetention}: how long audit records are kept before a recorded deletion (default 5 years). */
    public ControllerSettings {
        http = http == null ? Http.DEFAULT : http;
        auditRetention = auditRetention == null ? Duration.ofDays(5 * 365 + 1) : auditRetention;
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
}
