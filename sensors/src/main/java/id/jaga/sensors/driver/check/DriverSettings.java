package id.jaga.sensors.driver.check;

import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.config.SiteLoader.Problems;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One sensor's driver settings, read the same way by a driver's {@code check()} and {@code open()},
 * so both agree on what is valid. While checking, a bad value is reported at
 * {@code <path>.driver.<key>} and its default is returned so checking goes on; while opening (the
 * site was checked already), a bad value throws {@link IllegalArgumentException}.
 */
public final class DriverSettings {
    private final String driver;
    private final Sensor sensor;
    private final Map<String, Object> values;
    private final String path;
    private final Problems problems;

    private DriverSettings(String driver, Sensor sensor, String path, Problems problems) {
        this.driver = driver;
        this.sensor = sensor;
        this.values = sensor.driver();
        this.path = path;
        this.problems = problems;
    }

    /** For {@code check()}: reports unknown keys at once ({@code type} and {@code stuckAfter} are always known). */
    public static DriverSettings checking(String driver, Sensor sensor, String path, Problems problems, String... keys) {
        DriverSettings settings = new DriverSettings(driver, sensor, path, problems);
        List<String> known = known(keys);
        for (String key : settings.values.keySet()) {
            if (!known.contains(key)) {
                settings.problem(key, "unknown key '" + key + "' for the " + driver + " driver; known: " + String.join(", ", known));
            }
        }
        return settings;
    }

    /** For {@code open()}. */
    public static DriverSettings opening(String driver, Sensor sensor) {
        return new DriverSettings(driver, sensor, null, null);
    }

    private static List<String> known(String... keys) {
        String[] all = Arrays.copyOf(keys, keys.length + 2);
        all[keys.length] = "type";
        all[keys.length + 1] = StuckDetector.SETTING;
        return List.of(all);
    }

    /** Reports a kind this driver cannot measure; a missing kind is the site validator's to report. */
    public void kinds(SensorKind... measurable) {
        kinds("the " + driver + " driver", measurable);
    }

    /** As {@link #kinds(SensorKind...)}, naming what measures, e.g. "metric load". */
    public void kinds(String what, SensorKind... measurable) {
        if (sensor.kind() != null && !List.of(measurable).contains(sensor.kind())) {
            String message = what + " measures " + String.join(", ", Arrays.stream(measurable).map(SensorKind::wire).toList())
                    + ", not " + sensor.kind();
            if (problems == null) {
                throw new IllegalArgumentException("sensor " + sensor.id() + ": " + message);
            }
            problems.add(path + ".kind", message);
        }
    }

    /** A text matching {@code format}; {@code fallback} null makes it required. */
    public String text(String key, String fallback, Pattern format, String expected) {
        Object value = values.get(key);
        if (value == null) {
            return required(key, fallback, expected);
        }
        if (!(value instanceof String s) || !format.matcher(s).matches()) {
            problem(key, "expected " + expected + ", found '" + value + "'");
            return fallback;
        }
        return s;
    }

    /** A whole number in {@code [min, max]}; {@code fallback} null makes it required. */
    public Integer integer(String key, Integer fallback, int min, int max) {
        return whole(key, fallback, min, max, "a whole number " + min + ".." + max, false);
    }

    /**
     * An I2C address in {@code [min, max]}, written as a number or as a string in decimal or
     * {@code 0x} hex (YAML reads an unquoted {@code 0x44} as 68 already; a quoted one arrives as text).
     */
    public Integer address(String key, Integer fallback, int min, int max) {
        return whole(key, fallback, min, max, "an I2C address 0x" + Integer.toHexString(min) + "..0x" + Integer.toHexString(max), true);
    }

    private Integer whole(String key, Integer fallback, int min, int max, String expected, boolean hex) {
        Object value = values.get(key);
        if (value == null) {
            return required(key, fallback, expected);
        }
        Long parsed = value instanceof Integer || value instanceof Long ? Long.valueOf(((Number) value).longValue())
                : value instanceof String s ? parseWhole(s.trim()) : null;
        if (parsed == null || parsed < min || parsed > max) {
            Object found = hex && value instanceof Number && parsed != null ? "0x" + Long.toHexString(parsed) : value;
            problem(key, "expected " + expected + ", found '" + found + "'");
            return fallback;
        }
        return parsed.intValue();
    }

    private static Long parseWhole(String s) {
        try {
            return s.toLowerCase(Locale.ROOT).startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A number above {@code exclusiveMin}. */
    public Double positive(String key, Double fallback, double exclusiveMin) {
        Object value = values.get(key);
        if (value == null) {
            return required(key, fallback, "a number above " + Range.text(exclusiveMin));
        }
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() <= exclusiveMin) {
            problem(key, "expected a number above " + Range.text(exclusiveMin) + ", found '" + value + "'");
            return fallback;
        }
        return n.doubleValue();
    }

    /** One of {@code choices}; {@code fallback} null makes it required. */
    public String choice(String key, String fallback, String... choices) {
        Object value = values.get(key);
        String expected = "one of " + String.join(", ", choices);
        if (value == null) {
            return required(key, fallback, expected);
        }
        if (!List.of(choices).contains(value)) {
            problem(key, "expected " + expected + ", found '" + value + "'");
            return fallback;
        }
        return (String) value;
    }

    /** true or false. */
    public boolean bool(String key, boolean fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            problem(key, "expected true or false, found '" + value + "'");
            return fallback;
        }
        return b;
    }

    /** A duration written as in the site file (50ms, 2s). */
    public java.time.Duration duration(String key, java.time.Duration fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        java.time.Duration d = id.jaga.config.Durations.parse(value.toString());
        if (d == null) {
            problem(key, "'" + value + "': expected a duration such as 50ms or 2s");
            return fallback;
        }
        return d;
    }

    /** Reports a key that is set although it does not apply, e.g. a disk path for the load metric. */
    public void notApplicable(String key, String why) {
        if (values.containsKey(key)) {
            problem(key, key + " " + why);
        }
    }

    /** The {@code stuckAfter} setting: 0 (off, the default) or at least 2 identical reads. */
    public int stuckAfter() {
        return integer(StuckDetector.SETTING, 0, 2, 1_000_000);
    }

    private <T> T required(String key, T fallback, String expected) {
        if (fallback == null) {
            problem(key, "missing; expected " + expected);
        }
        return fallback;
    }

    private void problem(String key, String message) {
        if (problems == null) {
            throw new IllegalArgumentException("sensor " + sensor.id() + ": driver." + key + ": " + message);
        }
        problems.add(path + ".driver." + key, message);
    }
}
