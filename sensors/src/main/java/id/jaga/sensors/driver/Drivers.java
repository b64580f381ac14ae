package id.jaga.sensors.driver;

import id.jaga.config.Sensor;
import id.jaga.config.SiteLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The drivers an agent can use, by type; also checks the site file's driver settings. */
public final class Drivers {
    private final Map<String, SensorDriver> byType = new LinkedHashMap<>();

    public Drivers(List<SensorDriver> drivers) {
        drivers.forEach(d -> byType.put(d.type(), d));
    }

    /** A site check that reports unknown driver types and bad settings with their location. */
    public SiteLoader.SiteCheck siteCheck() {
        return (site, problems) -> site.sensors().forEach(placed -> {
            Sensor sensor = placed.sensor();
            if (sensor.driverType() == null) {
                return; // reported by the site validator
            }
            SensorDriver driver = byType.get(sensor.driverType());
            if (driver == null) {
                problems.add(placed.path() + ".driver.type", "unknown driver '" + sensor.driverType() + "'; known: "
                        + String.join(", ", byType.keySet()));
            } else {
                driver.check(sensor, placed.path(), problems);
            }
        });
    }

    public SensorReader open(Sensor sensor) {
        SensorDriver driver = byType.get(sensor.driverType());
        if (driver == null) {
            throw new IllegalArgumentException("no driver '" + sensor.driverType() + "' for sensor " + sensor.id());
        }
        return driver.open(sensor);
    }
}
