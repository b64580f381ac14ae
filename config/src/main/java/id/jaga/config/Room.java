package id.jaga.config;

import java.util.List;

/** A room of the data center; room-level sensors are doors, smoke detectors, the UPS. */
public record Room(String id, String name, Double widthM, Double depthM, List<Sensor> sensors) {
    public Room {
        sensors = Lists.of(sensors);
    }
}
