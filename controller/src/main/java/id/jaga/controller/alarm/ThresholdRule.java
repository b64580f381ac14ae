package id.jaga.controller.alarm;

import id.jaga.config.Limits;
import id.jaga.config.Severity;
import id.jaga.config.Thresholds;
import java.util.Map;
import java.util.Optional;

/** Static high/low limits: which band, if any, a value breaches, the highest severity winning. */
public final class ThresholdRule {
    private ThresholdRule() {
    }

    public enum Direction {
        HIGH, LOW;

        public String suffix() {
            return this == HIGH ? "-high" : "-low";
        }
    }

    public record Breach(Severity severity, Direction direction, double limit) {
    }

    /** The breach of one band in one direction, if any. A value equal to a limit is inside it (ASHRAE ranges are inclusive). */
    public static Optional<Breach> breach(double value, Severity severity, Limits limits, Direction direction) {
        if (direction == Direction.HIGH && limits.high() != null && value > limits.high()) {
            return Optional.of(new Breach(severity, Direction.HIGH, limits.high()));
        }
        if (direction == Direction.LOW && limits.low() != null && value < limits.low()) {
            return Optional.of(new Breach(severity, Direction.LOW, limits.low()));
        }
        return Optional.empty();
    }

    /** The highest-severity breach of any band, ignoring durations: what a single reading shows. */
    public static Optional<Breach> evaluate(double value, Thresholds thresholds) {
        for (Map.Entry<Severity, Limits> band : thresholds.bands().entrySet()) {
            for (Direction d : Direction.values()) {
                Optional<Breach> b = breach(value, band.getKey(), band.getValue(), d);
                if (b.isPresent()) {
                    return b;
                }
            }
        }
        return Optional.empty();
    }

    /** Back past the clear limit of the band that raised the alarm (a band no longer configured clears). */
    public static boolean clearedFrom(double value, Limits band, Direction direction) {
        if (band == null) {
            return true;
        }
        return direction == Direction.HIGH ? band.clearedHigh(value) : band.clearedLow(value);
    }
}
