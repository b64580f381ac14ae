package id.jaga.config;

import java.time.Duration;

/** A Raspberry Pi agent in a rack row; it publishes a telemetry batch every {@code publishInterval}. */
public record Agent(String id, String room, Duration publishInterval) {
    public static final Duration DEFAULT_PUBLISH_INTERVAL = Duration.ofSeconds(1);

    public Agent {
        publishInterval = publishInterval == null ? DEFAULT_PUBLISH_INTERVAL : publishInterval;
    }
}
