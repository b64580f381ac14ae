package id.jaga.config;

import java.time.Duration;

/** Where and how the controller serves its HTTP API. */
public record ControllerSettings(Http http) {
    public static final ControllerSettings DEFAULT = new ControllerSettings(null);

    public ControllerSettings {
        http = http == null ? Http.DEFAULT : http;
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
