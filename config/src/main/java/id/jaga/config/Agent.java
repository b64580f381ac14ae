package id.jaga.config;

import java.time.Duration;

/**
 * A Raspberry Pi agent in a rack row. It publishes a telemetry batch every {@code publishInterval};
 * what the broker has not acknowledged waits in its on-disk queue, bounded by {@code queueMaxMegabytes}
 * and {@code queueMaxAge}.
 */
public record Agent(String id, String room, Duration publishInterval, Integer queueMaxMegabytes, Duration queueMaxAge) {
    public static final Duration DEFAULT_PUBLISH_INTERVAL = Duration.ofSeconds(1);

    public Agent {
        publishInterval = publishInterval == null ? DEFAULT_PUBLISH_INTERVAL : publishInterval;
        queueMaxMegabytes = queueMaxMegabytes == null ? 64 : queueMaxMegabytes;
        queueMaxAge = queueMaxAge == null ? Duration.ofDays(7) : queueMaxAge;
    }
}
