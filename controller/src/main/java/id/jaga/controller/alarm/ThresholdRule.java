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

    /** A value equal to a limit is still inside it (ASHRAE ranges are inclusive). */
    public static Optional<Breach> evaluate(double value, Thresholds thresholds) {
        for (Map.Entry<Severity, Limits> band : thresholds.bands().entrySet()) { // highest severity first
            Limits l = band.getValue();
            if (l.high() != null && value > l.high()) {
                return Optional.of(new Breach(band.getKey(), Direction.HIGH, l.high()));
            }
            if (l.low() != null && value < l.low()) {
                return Optional.of(new Breach(band.getKey(), Direction.LOW, l.low()));
            }
        }
        return Optional.empty();
    }
}
