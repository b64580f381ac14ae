package id.jaga.sensors.driver.check;

import id.jaga.config.SensorKind;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.math.BigDecimal;

/**
 * The values a quantity or a device can physically produce; anything outside is a failed read
 * (noise on the bus, a power-on value), never a measurement the alarm rules should act on.
 */
public record Range(double min, double max) {
    public static final Range ANY = new Range(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    private static final Range NON_NEGATIVE = new Range(0, Double.POSITIVE_INFINITY);
    private static final Range PERCENT = new Range(0, 100);

    /** What any sensor of the kind can report, whatever its driver; drivers add their device's own range. */
    public static Range of(SensorKind kind) {
        return switch (kind) {
            case TEMPERATURE, CPU_TEMPERATURE, DEW_POINT -> new Range(-273.15, Double.POSITIVE_INFINITY);
            case HUMIDITY, BATTERY_CHARGE -> PERCENT;
            case DOOR, SMOKE, EXIT_REQUEST, TAMPER -> new Range(0, 1);
            // ups-load may pass 100 % in overload; power, voltage and current may be negative (reverse flow)
            case ENERGY, BATTERY_RUNTIME, UPS_LOAD, CPU_LOAD, DISK_FREE, MAINS_VOLTAGE -> NON_NEGATIVE;
            case POWER, VOLTAGE, CURRENT, UPS_STATUS -> ANY;
        };
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    /** A good reading outside the range becomes BAD "out of physical range: 130.5 C (-55..125)"; others pass. */
    public Reading apply(Reading reading) {
        if (reading.quality() != Quality.GOOD || reading.value() == null || contains(reading.value())) {
            return reading;
        }
        return Reading.failed(reading.sensor(), Quality.BAD, "out of physical range: " + text(reading.value()) + " "
                + reading.unit() + " (" + text(min) + ".." + text(max) + ")", reading.unit(), reading.ts());
    }

    /** A number as people write it: 85 rather than 85.0, 23.125 rather than 2.3125E1. */
    public static String text(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
                : value > 0 ? "inf" : "-inf";
    }
}
