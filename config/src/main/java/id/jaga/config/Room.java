package id.jaga.config;

import java.util.List;
import java.util.Map;

/**
 * A room of the data center; room-level sensors are doors, smoke detectors, the UPS. Its
 * thresholds override the site's for every sensor in the room, racks included.
 */
public record Room(String id, String name, Double widthM, Double depthM, List<Sensor> sensors,
                   Map<SensorKind, Thresholds> thresholds) {
    public Room {
        sensors = Lists.of(sensors);
        thresholds = Lists.of(thresholds);
    }

    public Room withSensors(List<Sensor> newSensors) {
        return new Room(id, name, widthM, depthM, newSensors, thresholds);
    }
}
