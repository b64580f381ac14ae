package id.jaga.config;

import java.time.Duration;
import java.util.Map;

/**
 * One measured point, read by one agent through one driver. {@code driver} holds the driver's
 * {@code type} and its own settings (bus, address, path...), checked by the driver itself. Its own
 * {@code thresholds} override those of its rack, room and site. Without a good reading for
 * {@code staleAfter} the controller raises "no-data" and shows its last value as stale. Its own
 * {@code bounds} replace, end by end, the physical bounds of its kind ({@link Bounds#of}).
 */
public record Sensor(String id, SensorKind kind, String unit, String agent, Map<String, Object> driver,
                     Duration pollInterval, Thresholds thresholds, Duration staleAfter, Bounds bounds) {
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

    public Sensor {
        unit = unit == null && kind != null ? kind.unit() : unit;
        driver = Lists.of(driver);
        pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
        // Three missed polls and some slack for the publish interval and the network.
        staleAfter = staleAfter == null ? pollInterval.multipliedBy(3).plusSeconds(10) : staleAfter;
    }

    public Sensor(String id, SensorKind kind, String unit, String agent, Map<String, Object> driver, Duration pollInterval) {
        this(id, kind, unit, agent, driver, pollInterval, null, null, null);
    }

    /** The same sensor with other bounds, e.g. those in force once its rack's capacity is known. */
    public Sensor withBounds(Bounds newBounds) {
        return new Sensor(id, kind, unit, agent, driver, pollInterval, thresholds, staleAfter, newBounds);
    }

    public String driverType() {
        Object type = driver.get("type");
        return type == null ? null : type.toString();
    }
}
