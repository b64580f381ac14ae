package id.jaga.config;

/** Where the controller serves its HTTP API. */
public record ControllerSettings(Http http) {
    public static final ControllerSettings DEFAULT = new ControllerSettings(null);

    public ControllerSettings {
        http = http == null ? Http.DEFAULT : http;
    }

    public record Http(String host, Integer port) {
        public static final Http DEFAULT = new Http(null, null);

        public Http {
            host = host == null ? "127.0.0.1" : host;
            port = port == null ? 8080 : port;
        }
    }
}
