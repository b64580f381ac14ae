package id.jaga.config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** Limits per severity for one sensor kind, and how fast it may rise. */
public record Thresholds(Limits critical, Limits major, Limits minor, Limits warning, Rise rise) {
    public static final Thresholds NONE = new Thresholds(null, null, null, null, null);

    public Thresholds(Limits critical, Limits major, Limits minor, Limits warning) {
        this(critical, major, minor, warning, null);
    }

    /**
     * A rise of {@code by} or more within {@code within} raises "{kind}-rising" at {@code severity}
     * (thermal runaway after a cooling failure shows here before any absolute limit).
     */
    public record Rise(Double by, Duration within, Severity severity) {
        Rise overriddenBy(Rise other) {
            if (other == null) {
                return this;
            }
            return new Rise(other.by != null ? other.by : by, other.within != null ? other.within : within,
                    other.severity != null ? other.severity : severity);
        }
    }

    public Limits at(Severity severity) {
        return switch (severity) {
            case CRITICAL -> critical;
            case MAJOR -> major;
            case MINOR -> minor;
            case WARNING -> warning;
        };
    }

    /** The configured bands, highest severity first. */
    public Map<Severity, Limits> bands() {
        Map<Severity, Limits> bands = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            if (at(s) != null) {
                bands.put(s, at(s));
            }
        }
        return bands;
    }

    public Thresholds overriddenBy(Thresholds other) {
        if (other == null) {
            return this;
        }
        return new Thresholds(merge(critical, other.critical), merge(major, other.major),
                merge(minor, other.minor), merge(warning, other.warning),
                rise == null ? other.rise : rise.overriddenBy(other.rise));
    }

    private static Limits merge(Limits base, Limits override) {
        return base == null ? override : base.overriddenBy(override);
    }

    /**
     * Protection for a site file that sets no thresholds (ASHRAE TC 9.9 class A1):
     * inlet recommended 18-27 C, allowable 15-32 C; humidity recommended up to 60 %RH, allowable 8-80 %RH;
     * dew point recommended -9 to 15 C, allowable -12 to 17 C (condensation above, static below);
     * mains voltage within SNI 230 V +5 % / -10 % (207-241 V) or a warning, beyond 198-253 V MAJOR;
     * the agent's own CPU warns at 70 C and is critical at 80 C, where a Pi starts throttling; a
     * temperature rising 5 C or more within 15 minutes (ASHRAE's limit of change) is MAJOR.
     */
    public static Thresholds defaultsFor(SensorKind kind) {
        return switch (kind) {
            case TEMPERATURE -> new Thresholds(new Limits(15.0, 32.0), null, null, new Limits(18.0, 27.0),
                    new Rise(5.0, Duration.ofMinutes(15), Severity.MAJOR));
            case HUMIDITY -> new Thresholds(new Limits(8.0, 80.0), null, null, new Limits(null, 60.0));
            case DEW_POINT -> new Thresholds(null, new Limits(-12.0, 17.0), null, new Limits(-9.0, 15.0));
            case MAINS_VOLTAGE -> new Thresholds(null, new Limits(198.0, 253.0), null, new Limits(207.0, 241.0));
            // A Raspberry Pi throttles its CPU from 80 C (85 C on a Pi 4/5 at the hard limit).
            case CPU_TEMPERATURE -> new Thresholds(new Limits(null, 80.0), null, null, new Limits(null, 70.0));
            default -> NONE;
        };
    }
}
