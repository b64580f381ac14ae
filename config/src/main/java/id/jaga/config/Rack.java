package id.jaga.config;

import java.util.List;
import java.util.Map;

/**
 * A rack in a room, with its sensors and threshold overrides per sensor kind. {@code capacity}: the
 * power its feeds and cooling are rated for, against which its headroom is reported (optional).
 */
public record Rack(String id, String name, String room, List<Sensor> sensors, Map<SensorKind, Thresholds> thresholds,
                   Power capacity) {
    public Rack {
        sensors = Lists.of(sensors);
        thresholds = Lists.of(thresholds);
    }

    public Rack(String id, String name, String room, List<Sensor> sensors, Map<SensorKind, Thresholds> thresholds) {
        this(id, name, room, sensors, thresholds, null);
    }

    public Rack withSensors(List<Sensor> newSensors) {
        return new Rack(id, name, room, newSensors, thresholds, capacity);
    }
}
