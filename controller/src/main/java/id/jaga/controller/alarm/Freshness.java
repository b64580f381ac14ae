package id.jaga.controller.alarm;

import id.jaga.config.Sensor;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether each sensor's data is current: a sensor without a good reading for its
 * {@code staleAfter} (readings stopped, or arrive stale or bad) gets a "no-data" alarm and its last
 * value is shown as stale, never as current; the next good reading clears both.
 */
public final class Freshness {
    public static final String NO_DATA = "no-data";

    private final AlarmService alarms;
    private final Clock clock;
    private final Map<String, Sensor> sensors = new HashMap<>();
    private final Map<String, Instant> lastGood = new HashMap<>();
    private final Map<String, Boolean> stale = new HashMap<>();

    public Freshness(SiteConfig site, AlarmService alarms, Clock clock) {
        this.alarms = alarms;
        this.clock = clock;
        Instant now = clock.instant();
        site.sensors().forEach(p -> {
            sensors.put(p.sensor().id(), p.sensor());
            lastGood.put(p.sensor().id(), now); // counted from our own start
            stale.put(p.sensor().id(), false);
        });
    }

    /** How often {@link #check()} must run to notice within 1.25 times the shortest staleAfter. */
    public Duration checkPeriod() {
        Duration shortest = sensors.values().stream().map(Sensor::staleAfter).min(Duration::compareTo).orElse(Duration.ofSeconds(20));
        return shortest.dividedBy(4);
    }

    /** A stored reading; only a good one refreshes, by the time it was taken. */
    public synchronized void reading(Reading r) throws SQLException {
        if (r.quality() != Quality.GOOD || !sensors.containsKey(r.sensor())) {
            return;
        }
        lastGood.merge(r.sensor(), r.ts(), (a, b) -> a.isAfter(b) ? a : b);
        if (stale.get(r.sensor()) && isFresh(r.sensor(), clock.instant())) {
            stale.put(r.sensor(), false);
            alarms.condition(r.sensor(), NO_DATA, null, null, null);
        }
    }

    public synchronized void check() throws SQLException {
        Instant now = clock.instant();
        for (String sensor : sensors.keySet()) {
            if (!stale.get(sensor) && !isFresh(sensor, now)) {
                stale.put(sensor, true);
                alarms.condition(sensor, NO_DATA, Severity.MINOR, "no good reading from " + sensor + " since "
                        + lastGood.get(sensor) + " (more than " + sensors.get(sensor).staleAfter().toSeconds() + " s)", null);
            }
        }
    }

    /** False while the sensor's last value must be shown as stale. */
    public synchronized boolean isCurrent(String sensor) {
        return !Boolean.TRUE.equals(stale.get(sensor)) && isFresh(sensor, clock.instant());
    }

    private boolean isFresh(String sensor, Instant now) {
        return !lastGood.get(sensor).plus(sensors.get(sensor).staleAfter()).isBefore(now);
    }
}
