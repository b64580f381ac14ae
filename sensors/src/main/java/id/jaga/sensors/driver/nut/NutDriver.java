package id.jaga.sensors.driver.nut;

import id.jaga.config.Durations;
import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.config.SiteLoader.Problems;
import id.jaga.sensors.driver.SensorDriver;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * UPS readings from a Network UPS Tools server (upsd). Each sensor is one variable of one UPS:
 * <pre>driver: {type: nut, host: 127.0.0.1, port: 3493, ups: myups, var: battery.charge,
 *          username: monitor, passwordFile: /etc/jaga/nut.secret, timeout: 2s}</pre>
 * Only {@code ups} and {@code var} are required. Sensors of the same UPS share one connection and
 * one {@code LIST VAR} per poll round. Nothing is connected at open: an unreachable server gives
 * STALE readings until it answers, so the agent starts regardless.
 */
public final class NutDriver implements SensorDriver {
    public static final String TYPE = "nut";
    public static final String DEFAULT_HOST = "127.0.0.1";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** How long one LIST VAR answer serves a UPS's sensors: longer than a poll round, shorter than a poll interval. */
    static final Duration SNAPSHOT_AGE = Duration.ofMillis(500);
    private static final List<String> KEYS = List.of("type", "host", "port", "ups", "var", "username", "passwordFile", "timeout");
    /** NUT names: no spaces or quotes, which would break the protocol's lines. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@+-]+");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    /** The NUT variables each kind may read; their NUT units are the kinds' units. */
    private static final Map<SensorKind, List<String>> VARS = Map.of(
            SensorKind.UPS_STATUS, List.of("ups.status"),
            SensorKind.BATTERY_CHARGE, List.of("battery.charge"),
            SensorKind.BATTERY_RUNTIME, List.of("battery.runtime"),
            SensorKind.UPS_LOAD, List.of("ups.load"),
            SensorKind.MAINS_VOLTAGE, List.of("input.voltage"),
            SensorKind.VOLTAGE, List.of("input.voltage", "output.voltage", "battery.voltage"),
            SensorKind.TEMPERATURE, List.of("ups.temperature", "battery.temperature", "ambient.temperature"));

    private final Map<UpsSession.Endpoint, UpsSession> sessions = new HashMap<>();
    private final LongSupplier nanos;

    public NutDriver() {
        this(System::nanoTime);
    }

    /** {@code nanos}: the monotonic clock that ages snapshots; tests pass their own. */
    NutDriver(LongSupplier nanos) {
        this.nanos = nanos;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void check(Sensor sensor, String path, Problems problems) {
        Map<String, Object> d = sensor.driver();
        String at = path + ".driver.";
        List<String> vars = sensor.kind() == null ? null : VARS.get(sensor.kind());
        if (sensor.kind() != null && vars == null) {
            problems.add(at + "type", "the nut driver does not read kind " + sensor.kind() + "; it reads " + kinds());
        }
        for (var entry : d.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            switch (key) {
                case "type" -> { }
                case "host" -> {
                    if (!(value instanceof String s) || !s.matches("\\S+")) {
                        problems.add(at + key, "expected a host name or address, found '" + value + "'");
                    }
                }
                case "port" -> {
                    if (!((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 1
                            && ((Number) value).longValue() <= 65535)) {
                        problems.add(at + key, "expected a TCP port 1-65535, found '" + value + "'");
                    }
                }
                case "ups", "username" -> {
                    if (!(value instanceof String s) || !NAME.matcher(s).matches()) {
                        problems.add(at + key, "expected a NUT name (letters, digits, . _ - : @ +), found '" + value + "'");
                    }
                }
                case "var" -> {
                    if (!(value instanceof String s) || !NAME.matcher(s).matches()) {
                        problems.add(at + key, "expected a NUT variable such as battery.charge, found '" + value + "'");
                    } else if (vars != null && !vars.contains(s)) {
                        problems.add(at + key, "var " + s + " does not fit kind " + sensor.kind() + "; use "
                                + String.join(" or ", vars));
                    }
                }
                case "passwordFile" -> {
                    if (!(value instanceof String s) || !isFile(s)) {
                        problems.add(at + key, "file not found: '" + value + "'");
                    }
                }
                case "timeout" -> {
                    Duration t = value instanceof String s ? Durations.parse(s) : null;
                    if (t == null || t.isZero()) {
                        problems.add(at + key, "expected a duration such as 2s or 500ms, found '" + value + "'");
                    }
                }
                default -> problems.add(at + key, "unknown key '" + key + "' for the nut driver; known: " + String.join(", ", KEYS));
            }
        }
        if (!d.containsKey("ups")) {
            problems.add(at + "ups", "missing: the UPS name as upsd knows it (its section in ups.conf)");
        }
        if (!d.containsKey("var")) {
            problems.add(at + "var", "missing: the NUT variable to read" + (vars == null ? "" : ", e.g. " + vars.get(0)));
        }
        if (d.containsKey("username") != d.containsKey("passwordFile")) {
            String missing = d.containsKey("username") ? "passwordFile" : "username";
            problems.add(at + missing, "missing: username and passwordFile go together");
        }
    }

    @Override
    public SensorReader open(Sensor sensor) {
        Map<String, Object> d = sensor.driver();
        Object ups = d.get("ups");
        Object var = d.get("var");
        if (ups == null || var == null) {
            throw new IllegalArgumentException("sensor " + sensor.id() + ": the nut driver needs ups and var");
        }
        Duration timeout = d.get("timeout") == null ? DEFAULT_TIMEOUT : Durations.parse(d.get("timeout").toString());
        UpsSession.Endpoint endpoint = new UpsSession.Endpoint(
                d.getOrDefault("host", DEFAULT_HOST).toString(),
                d.get("port") instanceof Number n ? n.intValue() : NutClient.DEFAULT_PORT,
                ups.toString(),
                d.get("username") == null ? null : d.get("username").toString(),
                d.get("passwordFile") == null ? null : d.get("passwordFile").toString(),
                timeout == null ? DEFAULT_TIMEOUT : timeout);
        UpsSession session;
        synchronized (sessions) {
            session = sessions.computeIfAbsent(endpoint, e -> new UpsSession(e, nanos, SNAPSHOT_AGE));
            session.users++;
        }
        return new NutReader(sensor, var.toString(), session);
    }

    /** The session a sensor reads through (tests look at its round trips). */
    UpsSession session(SensorReader reader) {
        return ((NutReader) reader).session;
    }

    /** The last reader of a UPS closes its connection. */
    private void release(UpsSession session) {
        synchronized (sessions) {
            if (--session.users == 0) {
                sessions.remove(session.endpoint());
                session.close();
            }
        }
    }

    private static boolean isFile(String file) {
        try {
            return Files.isRegularFile(Path.of(file));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static String kinds() {
        return VARS.keySet().stream().map(SensorKind::wire).sorted().collect(Collectors.joining(", "));
    }

    private final class NutReader implements SensorReader {
        private final Sensor sensor;
        private final String var;
        private final UpsSession session;
        private boolean closed;

        NutReader(Sensor sensor, String var, UpsSession session) {
            this.sensor = sensor;
            this.var = var;
            this.session = session;
        }

        @Override
        public Reading read(Instant now) {
            try {
                UpsSession.Snapshot snapshot = session.snapshot();
                if (snapshot.failure() != null) {
                    return failed(snapshot.failure(), snapshot.reason(), now);
                }
                String raw = snapshot.vars().get(var);
                if (raw == null) {
                    return failed(Quality.STALE, "UPS " + session.endpoint() + " does not report " + var, now);
                }
                return sensor.kind() == SensorKind.UPS_STATUS ? status(raw, now) : number(raw, now);
            } catch (RuntimeException e) {
                return failed(Quality.BAD, "nut driver error: " + e, now);
            }
        }

        private Reading status(String raw, Instant now) {
            String text = UpsStatus.normalise(raw);
            if (text.isEmpty()) {
                return failed(Quality.BAD, var + " is empty", now);
            }
            if (text.length() > Reading.MAX_TEXT) {
                return failed(Quality.BAD, var + " is longer than " + Reading.MAX_TEXT + " characters", now);
            }
            return Reading.goodText(sensor.id(), text, sensor.unit(), now);
        }

        private Reading number(String raw, Instant now) {
            // A strict pattern: Double.parseDouble would also take NaN, Infinity and hex.
            if (!NUMBER.matcher(raw.trim()).matches()) {
                String shown = raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
                return failed(Quality.BAD, var + " is '" + shown + "', not a number", now);
            }
            double value = Double.parseDouble(raw.trim());
            if (!Double.isFinite(value)) {
                return failed(Quality.BAD, var + " is out of range: " + raw, now);
            }
            return Reading.good(sensor.id(), value, sensor.unit(), now);
        }

        private Reading failed(Quality quality, String reason, Instant now) {
            return Reading.failed(sensor.id(), quality, reason, sensor.unit(), now);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(session);
            }
        }
    }
}
