package id.jaga.sensors.driver.check;

import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.config.SiteLoader.Problems;
import id.jaga.sensors.driver.SensorDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sensors and problem lists for the driver tests. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    public static final String PATH = "racks[0].sensors[0]";

    private Fixtures() {
    }

    public static Sensor sensor(String id, SensorKind kind, Map<String, Object> driver) {
        return new Sensor(id, kind, null, "pi-row-1", driver, Duration.ofSeconds(5));
    }

    /** What {@code check()} reports, as "path: message" lines. */
    public static List<String> problems(SensorDriver driver, Sensor sensor) {
        List<String> found = new ArrayList<>();
        Problems problems = (path, message) -> found.add(path + ": " + message);
        driver.check(sensor, PATH, problems);
        return found;
    }
}
