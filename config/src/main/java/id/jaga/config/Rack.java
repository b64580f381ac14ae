package id.jaga.config;

import java.util.List;
import java.util.Map;

/** A rack in a room, with its sensors and threshold overrides per sensor kind. */
public record Rack(String id, String name, String room, List<Sensor> sensors, Map<SensorKind, Thresholds> thresholds) {
    public Rack {
        sensors = Lists.of(sensors);
        thresholds = Lists.of(thresholds);
    }
}
