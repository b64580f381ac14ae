package id.jaga.controller.alarm;

import id.jaga.config.AlarmTypes;
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
 * value is shown as stale, never as current; the next good reading clears both. The sensors of a
 * UPS its agent says it cannot read get one {@code ups-communication-lost} alarm with the agent's
 * reason instead ({@link UpsCommunication}); their own "no-data" alarms are not raised while it stands.
 */
public final class Freshness {
    public static final String NO_DATA = AlarmTypes.NO_DATA;

    private final AlarmService alarms;
    private final Clock clock;
    /** One entry per sensor, so that a reading costs one lookup. */
    private final Map<String, State> sensors = new HashMap<>();
    private final UpsCommunication ups;

    private static final class State {
        final Duration staleAfter;
        Instant lastGood;
        boolean stale;
        /** Its "no-data" alarm is raised; a stale sensor whose UPS alarm explains it has none. */
        boolean alarmed;

        State(Duration staleAfter, Instant lastGood) {
            this.staleAfter = staleAfter;
            this.lastGood = lastGood;
        }

        boolean freshAt(Instant now) {
            return !lastGood.plus(staleAfter).isBefore(now);
        }
    }

    public Freshness(SiteConfig site, AlarmService alarms, Clock clock) {
        this.alarms = alarms;
        this.clock = clock;
        Instant now = clock.instant(); // counted from our own start
        site.sensors().forEach(p -> sensors.put(p.sensor().id(), new State(p.sensor().staleAfter(), now)));
        this.ups = new UpsCommunication(site, alarms, clock);
    }

    /** How often {@link #check()} must run to notice within 1.25 times the shortest staleAfter. */
    public Duration checkPeriod() {
        Duration shortest = sensors.values().stream().map(s -> s.staleAfter).min(Duration::compareTo).orElse(Duration.ofSeconds(20));
        return shortest.dividedBy(4);
    }

    /** A stored reading; only a good one refreshes, by the time it was taken. A failure's reason may explain a UPS. */
    public synchronized void reading(Reading r) throws SQLException {
        ups.reading(r);
        State state = r.quality() == Quality.GOOD ? sensors.get(r.sensor()) : null;
        if (state == null) {
            return;
        }
        if (r.ts().isAfter(state.lastGood)) {
            state.lastGood = r.ts();
        }
        if (state.stale && state.freshAt(clock.instant())) {
            state.stale = false;
            state.alarmed = false;
            alarms.condition(r.sensor(), NO_DATA, null, null, null);
        }
    }

    public synchronized void check() throws SQLException {
        Instant now = clock.instant();
        ups.check(); // first: a UPS that cannot be read explains its sensors' silence
        for (Map.Entry<String, State> e : sensors.entrySet()) {
            State state = e.getValue();
            if (!state.stale && !state.freshAt(now)) {
                state.stale = true;
            }
            if (state.stale && !state.alarmed && !ups.explains(e.getKey())) {
                state.alarmed = true;
                alarms.condition(e.getKey(), NO_DATA, Severity.MINOR, "no good reading from " + e.getKey() + " since "
                        + state.lastGood + " (more than " + state.staleAfter.toSeconds() + " s)", null);
            }
        }
    }

    /** False while the sensor's last value must be shown as stale (and for a sensor the site file does not name). */
    public synchronized boolean isCurrent(String sensor) {
        State state = sensors.get(sensor);
        return state != null && !state.stale && state.freshAt(clock.instant());
    }
}
