package id.jaga.config;

import java.time.Duration;
import java.util.List;

/**
 * A Raspberry Pi agent in a rack row. It publishes a telemetry batch every {@code publishInterval};
 * what the broker has not acknowledged waits in its on-disk queue, bounded by {@code queueMaxMegabytes}
 * and {@code queueMaxAge}. Commands to it are signed with the key in {@code commandKeyFile}; every
 * message it sends is authenticated with its own keys in {@code keyFile} (the same path on the Pi and
 * on the controller's host; {@code ./jaga keys new} makes one). It
 * switches its {@code outputs} on command or by its {@code failsafe} rules. The controller calls it
 * offline after {@code offlineAfter} without a message. Its badge {@code readers} feed door decisions.
 */
public record Agent(String id, String room, Duration publishInterval, Integer queueMaxMegabytes, Duration queueMaxAge,
                    String commandKeyFile, String keyFile, List<Output> outputs, List<FailsafeRule> failsafe, Duration offlineAfter,
                    List<Reader> readers) {
    public static final Duration DEFAULT_PUBLISH_INTERVAL = Duration.ofSeconds(1);

    public Agent {
        publishInterval = publishInterval == null ? DEFAULT_PUBLISH_INTERVAL : publishInterval;
        queueMaxMegabytes = queueMaxMegabytes == null ? 64 : queueMaxMegabytes;
        queueMaxAge = queueMaxAge == null ? Duration.ofDays(7) : queueMaxAge;
        outputs = Lists.of(outputs);
        failsafe = Lists.of(failsafe);
        readers = Lists.of(readers);
        // The agent sends at least a heartbeat every publish interval; a few seconds more is silence.
        offlineAfter = offlineAfter == null ? publishInterval.plusSeconds(5) : offlineAfter;
    }

    public Agent withCommandKeyFile(String file) {
        return new Agent(id, room, publishInterval, queueMaxMegabytes, queueMaxAge, file, keyFile, outputs, failsafe, offlineAfter,
                readers);
    }

    public Agent withKeyFile(String file) {
        return new Agent(id, room, publishInterval, queueMaxMegabytes, queueMaxAge, commandKeyFile, file, outputs, failsafe,
                offlineAfter, readers);
    }
}
