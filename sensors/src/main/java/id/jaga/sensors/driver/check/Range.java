package id.jaga.sensors.driver.check;

import id.jaga.config.Bounds;
import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.math.BigDecimal;

/**
 * The values a quantity or a device can physically produce; anything outside is a failed read
 * (noise on the bus, a power-on value), never a measurement the alarm rules should act on.
 * {@code twoStates}: only {@code min} or {@code max}, nothing between (a contact's 0 or 1).
 */
public record Range(double min, double max, boolean twoStates) {
    public static final Range ANY = new Range(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    public Range(double min, double max) {
        this(min, max, false);
    }

    /** What any sensor of the kind can report, whatever its driver ({@link Bounds#of}); drivers add their device's own range. */
    public static Range of(SensorKind kind) {
        return of(kind, Bounds.of(kind));
    }

    /** What this sensor may report: its kind's bounds with its own from the site file. */
    public static Range of(Sensor sensor) {
        return of(sensor.kind(), Bounds.of(sensor.kind()).overriddenBy(sensor.bounds()));
    }

    /** Bounds in force for a sensor of the kind, e.g. those the site file gives it ({@code SiteConfig.boundsFor}). */
    public static Range of(SensorKind kind, Bounds bounds) {
        return new Range(bounds.min(), bounds.max(), kind.isContact());
    }

    public boolean contains(double value) {
        return twoStates ? value == min || value == max : value >= min && value <= max;
    }

    /** A good reading outside the range becomes BAD "out of physical range: 130.5 C (-55..125)"; others pass. */
    public Reading apply(Reading reading) {
        if (reading.quality() != Quality.GOOD || reading.value() == null || contains(reading.value())) {
            return reading;
        }
        return Reading.failed(reading.sensor(), Quality.BAD, "out of physical range: " + text(reading.value()) + " "
                + reading.unit() + " (" + describe() + ")", reading.unit(), reading.ts());
    }

    /** As people write it: "-40..125", or "0 or 1" for two states. */
    public String describe() {
        return text(min) + (twoStates ? " or " : "..") + text(max);
    }

    /** A number as people write it: 85 rather than 85.0, 23.125 rather than 2.3125E1. */
    public static String text(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
                : value > 0 ? "inf" : "-inf";
    }
}
