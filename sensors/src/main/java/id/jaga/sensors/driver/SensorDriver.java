package id.jaga.sensors.driver;

import id.jaga.config.SiteLoader.Problems;
import id.jaga.config.Sensor;

/** A kind of hardware (or the simulation) that sensors of the site file name by {@code driver.type}. */
public interface SensorDriver {

    /** The {@code driver.type} this driver answers to. */
    String type();

    /** Reports problems with a sensor's driver settings; {@code path} is the sensor's path in the file. */
    void check(Sensor sensor, String path, Problems problems);

    SensorReader open(Sensor sensor);

    /** A resource only one sensor or output of an agent may use, e.g. "GPIO 17"; empty if none. */
    default java.util.Optional<String> exclusiveResource(Sensor sensor) {
        return java.util.Optional.empty();
    }
}
