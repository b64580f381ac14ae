package id.jaga.simulator.hardware;

import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.wire.Quality;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The simulated world as the fake hardware measures it: what {@link SimulatedInputs} holds for a
 * sensor, or a quiet data center's value for its kind while nothing is set. Fake devices ask at the
 * moment a driver reads them, as a chip measures when asked.
 */
final class World {
    /** A quiet room inside every default threshold; a UPS on line with a full battery. */
    private static final Map<SensorKind, Double> QUIET = Map.of(
            SensorKind.TEMPERATURE, 22.0,
            SensorKind.HUMIDITY, 45.0,
            SensorKind.POWER, 1500.0,
            SensorKind.VOLTAGE, 12.0,
            SensorKind.CURRENT, 2.0,
            SensorKind.MAINS_VOLTAGE, 230.0,
            SensorKind.BATTERY_CHARGE, 100.0,
            SensorKind.BATTERY_RUNTIME, 1800.0,
            SensorKind.UPS_LOAD, 35.0);
    private static final String QUIET_UPS_STATUS = "OL";

    private final SimulatedInputs inputs;

    World(SimulatedInputs inputs) {
        this.inputs = inputs;
    }

    /** The sensor's value; contacts and meters are 0 (closed, no smoke, nothing counted) until set. */
    double value(Sensor sensor) {
        return inputs.get(sensor.id()).map(SimulatedInputs.Input::value).orElseGet(() -> quiet(sensor.kind()));
    }

    /** The value of the kind when no sensor of the device measures it, e.g. the bus voltage of a shunt-only INA219. */
    static double quiet(SensorKind kind) {
        return QUIET.getOrDefault(kind, 0.0);
    }

    /** The sensor's reading as text, as a UPS daemon reports every variable. */
    String text(Sensor sensor) {
        var input = inputs.get(sensor.id());
        if (input.isPresent() && input.get().text() != null) {
            return input.get().text();
        }
        if (input.isEmpty() && sensor.kind() == SensorKind.UPS_STATUS) {
            return QUIET_UPS_STATUS;
        }
        // 1800 rather than 1800.0: as a UPS reports it
        return BigDecimal.valueOf(value(sensor)).stripTrailingZeros().toPlainString();
    }

    /**
     * How the sensor's device is failing, or null: {@link Quality#BAD} makes it answer garbage (a
     * CRC error), {@link Quality#STALE} makes it not answer at all. What the agent then reports is
     * its real driver's verdict.
     */
    Quality fault(Sensor sensor) {
        return inputs.get(sensor.id()).map(SimulatedInputs.Input::failure).orElse(null);
    }
}
