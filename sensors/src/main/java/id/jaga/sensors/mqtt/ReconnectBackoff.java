package id.jaga.sensors.mqtt;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next connection attempt: doubling from {@link #FIRST} up to a cap,
 * each wait drawn at random from its upper half ("equal jitter"). The jitter matters most at the
 * cap: after a broker restart every agent of a site is retrying at once, and waits that all ended
 * together would reach the broker as one wave.
 * <p>
 * Not resilience4j's {@code IntervalFunction.ofExponentialRandomBackoff}: it clamps to the cap
 * after randomising, so every client at the cap waits exactly the cap, in step.
 */
public final class ReconnectBackoff {
    static final Duration FIRST = Duration.ofMillis(250);

    private final long maxMillis;
    private int failures;

    public ReconnectBackoff(Duration max) {
        this.maxMillis = Math.max(1, max.toMillis());
    }

    /** The wait before the next attempt, after one more failure; never more than the cap. */
    public synchronized long nextDelayMillis() {
        long ceiling = Math.min(maxMillis, FIRST.toMillis() << Math.min(failures, 20));
        failures++;
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling - ceiling / 2 + 1);
    }

    /** Connected: the next outage starts again from the shortest wait. */
    public synchronized void reset() {
        failures = 0;
    }
}
