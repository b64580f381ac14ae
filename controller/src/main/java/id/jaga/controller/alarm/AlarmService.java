package id.jaga.controller.alarm;

import id.jaga.config.Limits;
import id.jaga.config.SensorKind;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.config.Thresholds;
import id.jaga.controller.alarm.ThresholdRule.Breach;
import id.jaga.controller.alarm.ThresholdRule.Direction;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import id.jaga.config.Severity;

/**
 * Raises, escalates and clears threshold alarms from readings. Each change is committed to the
 * database before listeners hear of it; a reading that merely repeats the condition updates the
 * alarm (count, last value, peak) without notifying anyone.
 */
public final class AlarmService {
    private final AlarmStore store;
    private final PendingConditions pending;
    private final Clock clock;
    private final AlarmListener listener;
    private final Map<String, Alarm> active = new LinkedHashMap<>();
    private final Map<String, Deque<Sample>> windows = new HashMap<>();

    public AlarmService(AlarmStore store, Clock clock, AlarmListener listener) throws SQLException {
        this.store = store;
        this.pending = new PendingConditions(store.database());
        this.clock = clock;
        this.listener = listener;
        store.active().forEach(a -> active.put(a.key(), a));
    }

    /** Hears every committed alarm change, with the active alarms after it. */
    @FunctionalInterface
    public interface AlarmListener {
        void changed(Alarm alarm, String change, List<Alarm> activeNow);
    }

    public synchronized void evaluate(PlacedSensor placed, Reading reading, Thresholds thresholds) throws SQLException {
        SensorKind kind = placed.sensor().kind();
        if (reading.quality() != Quality.GOOD || reading.value() == null || kind == SensorKind.DOOR || kind == SensorKind.SMOKE) {
            return; // stale and bad data never clear or raise a threshold alarm; discrete states have their own rules
        }
        double value = reading.value();
        Instant now = clock.instant();
        String source = placed.sensor().id();
        for (Direction direction : Direction.values()) {
            String type = kind.wire() + direction.suffix();
            Alarm current = active.get(source + "/" + type);
            Severity held = current == null ? null : current.severity();
            Breach confirmed = null;
            for (Map.Entry<Severity, Limits> band : thresholds.bands().entrySet()) { // highest severity first
                Optional<Breach> breach = ThresholdRule.breach(value, band.getKey(), band.getValue(), direction);
                String key = source + "/" + type + "/" + band.getKey();
                if (breach.isEmpty()) {
                    pending.ended(key);
                } else if (!pending.holds(key, now).plus(band.getValue().hold()).isAfter(now) && confirmed == null) {
                    confirmed = breach.get();
                }
            }
            Severity next;
            if (confirmed != null && (held == null || !held.outranks(confirmed.severity()))) {
                next = confirmed.severity(); // raise, escalate, or the same again
            } else if (held != null && !ThresholdRule.clearedFrom(value, thresholds.at(held), direction)) {
                next = held; // inside the raise limit but not yet past the clear limit: hysteresis holds it
            } else {
                next = confirmed == null ? null : confirmed.severity(); // de-escalate or clear
            }
            Breach shown = confirmed != null && confirmed.severity() == next ? confirmed : null;
            String message = shown == null ? (current == null ? null : current.message())
                    : "%s %s %s %s %s limit %s %s".formatted(source, kind.wire(), format(value, placed),
                            direction == Direction.HIGH ? "above" : "below", next.wire(), shown.limit(), placed.sensor().unit());
            condition(source, type, next, message, value);
        }
        rising(placed, reading, thresholds.rise());
    }

    /**
     * Rate of change: the rise from the lowest good value within the window to this one. Clears
     * below 80 % of the limit, so a rise hovering at the limit does not flap. The window is rebuilt
     * from stored readings after a restart.
     */
    private void rising(PlacedSensor placed, Reading reading, Thresholds.Rise rule) throws SQLException {
        if (rule == null || rule.by() == null || rule.within() == null || rule.severity() == null) {
            return;
        }
        String source = placed.sensor().id();
        Deque<Sample> window = windows.get(source);
        if (window == null) {
            window = new ArrayDeque<>(store.goodValuesSince(source, reading.ts().minus(rule.within())));
            windows.put(source, window);
        }
        window.addLast(new Sample(reading.ts(), reading.value()));
        Instant from = reading.ts().minus(rule.within());
        window.removeIf(s -> s.ts().isBefore(from));
        double lowest = window.stream().mapToDouble(Sample::value).min().orElse(reading.value());
        double rise = reading.value() - lowest;
        String type = placed.sensor().kind().wire() + "-rising";
        boolean held = active.containsKey(source + "/" + type);
        Severity next = rise >= rule.by() || held && rise >= 0.8 * rule.by() ? rule.severity() : null;
        condition(source, type, next, "%s rose %.1f %s within %d min (limit %s)".formatted(source, rise,
                placed.sensor().unit(), rule.within().toMinutes(), rule.by()), reading.value());
    }

    /** A good value at a time. */
    public record Sample(Instant ts, double value) {
    }

    /**
     * Sets the condition behind one alarm: present at {@code severity} (raised, or escalated or
     * de-escalated if it already is), or gone when {@code severity} is null (cleared if active). A
     * condition that merely persists updates the alarm without telling anyone.
     */
    public synchronized void condition(String source, String type, Severity severity, String message, Double value)
            throws SQLException {
        Instant now = clock.instant();
        Alarm current = active.get(source + "/" + type);
        if (severity == null) {
            if (current != null) {
                change(current.cleared(value, now), "cleared");
            }
        } else if (current == null) {
            change(new Alarm(0, source, type, severity, Alarm.State.ACTIVE, message, value, value, 1, now, now, null), "raised");
        } else if (current.severity() != severity) {
            change(current.triggered(severity, message, value, now), severity.outranks(current.severity()) ? "escalated" : "deescalated");
        } else {
            Alarm repeated = current.triggered(severity, current.message(), value, now);
            store.save(repeated, "repeated");
            active.put(repeated.key(), repeated);
        }
    }

    private void change(Alarm alarm, String change) throws SQLException {
        Alarm saved = store.save(alarm, change);
        if (saved.state() == Alarm.State.ACTIVE) {
            active.put(saved.key(), saved);
        } else {
            active.remove(saved.key());
        }
        listener.changed(saved, change, activeAlarms());
    }

    /** Active alarms, most severe first. */
    public synchronized List<Alarm> activeAlarms() {
        List<Alarm> list = new ArrayList<>(active.values());
        list.sort(Comparator.comparing(Alarm::severity).thenComparing(Alarm::raisedAt));
        return list;
    }

    private static String format(double value, PlacedSensor placed) {
        return value + " " + placed.sensor().unit();
    }

}
