package id.jaga.config;

import java.time.Duration;
import java.util.Map;

/**
 * One measured point, read by one agent through one driver. {@code driver} holds the driver's
 * {@code type} and its own settings (bus, address, path...), checked by the driver itself.
 */
public record Sensor(String id, SensorKind kind, String unit, String agent, Map<String, Object> driver,
                     Duration pollInterval) {
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

    public Sensor {
        unit = unit == null && kind != null ? kind.unit() : unit;
        driver = Lists.of(driver);
        pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
    }

    public String driverType() {
        Object type = driver.get("type");
        return type == null ? null : type.toString();
    }
}
