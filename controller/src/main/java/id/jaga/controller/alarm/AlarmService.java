package id.jaga.controller.alarm;

import id.jaga.config.AlarmTypes;
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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private final Map<SensorKind, Map<String, Watch>> watches = new EnumMap<>(SensorKind.class);
    private long changes;
    private final Map<String, Alarm.Shelf> shelves;
    /** The longest maintenance silence one shelf may give. */
    public static final java.time.Duration MAX_SHELVE = java.time.Duration.ofDays(7);

    public AlarmService(AlarmStore store, Clock clock, AlarmListener listener) throws SQLException {
        this.store = store;
        this.pending = new PendingConditions(store.database());
        this.clock = clock;
        this.listener = listener;
        store.active().forEach(a -> active.put(a.key(), a));
        this.shelves = store.shelves();
    }

    /** Hears every committed alarm change, with the active alarms after it. */
    @FunctionalInterface
    public interface AlarmListener {
        void changed(AlarmChange change, List<Alarm> activeNow);
    }

    /** As {@link #evaluate(Watch, Reading)}, finding the sensor's watch first. */
    public synchronized void evaluate(PlacedSensor placed, Reading reading, Thresholds thresholds) throws SQLException {
        evaluate(watch(placed, thresholds), reading);
    }

    /** Judges one reading of the sensor {@code watch} is for against its limits and its rate of change. */
    public synchronized void evaluate(Watch watch, Reading reading) throws SQLException {
        PlacedSensor placed = watch.placed;
        SensorKind kind = placed.sensor().kind();
        if (reading.quality() != Quality.GOOD || reading.value() == null || kind.isContact()) {
            return; // stale and bad data never clear or raise a threshold alarm; discrete states have their own rules
        }
        double value = reading.value();
        Instant now = clock.instant();
        String source = placed.sensor().id();
        boolean breached = false;
        for (Side side : watch.sides) {
            Alarm current = active.get(side.key());
            Severity held = current == null ? null : current.severity();
            Breach confirmed = null;
            for (Band band : side.bands()) { // highest severity first
                Optional<Breach> breach = ThresholdRule.breach(value, band.severity(), band.limits(), side.direction());
                if (breach.isEmpty()) {
                    if (watch.mayBePending) {
                        pending.ended(band.pendingKey());
                    }
                } else {
                    breached = true;
                    if (!pending.holds(band.pendingKey(), now).plus(band.limits().hold()).isAfter(now) && confirmed == null) {
                        confirmed = breach.get();
                    }
                }
            }
            Severity next;
            if (confirmed != null && (held == null || !held.outranks(confirmed.severity()))) {
                next = confirmed.severity(); // raise, escalate, or the same again
            } else if (held != null && !ThresholdRule.clearedFrom(value, watch.thresholds.at(held), side.direction())) {
                next = held; // inside the raise limit but not yet past the clear limit: hysteresis holds it
            } else {
                next = confirmed == null ? null : confirmed.severity(); // de-escalate or clear
            }
            if (next == null && current == null) {
                continue; // the usual case: nothing to raise or clear
            }
            Breach shown = confirmed != null && confirmed.severity() == next ? confirmed : null;
            boolean repeat = current != null && current.conditionPresent() && current.severity() == next;
            String message = shown == null || repeat ? (current == null ? null : current.message())
                    : "%s %s %s %s %s limit %s %s".formatted(source, kind.wire(), format(value, placed),
                            side.direction() == Direction.HIGH ? "above" : "below", next.wire(), shown.limit(), placed.sensor().unit());
            condition(source, side.type(), next, message, value, placed.sensor().unit(), false);
        }
        watch.mayBePending = breached; // every band not breached has just been ended
        rising(watch, reading);
    }

    /**
     * One sensor as the threshold rules see it: its limits with their alarm keys worked out once, and
     * its state between readings. Ingest keeps each sensor's watch, so a reading costs no lookup here.
     */
    public static final class Watch {
        private final PlacedSensor placed;
        private final Thresholds thresholds;
        private final List<Side> sides;
        private final String risingType;
        private final String risingKey;
        /** False once no band of this sensor can have a pending start: ending them again is skipped. */
        private boolean mayBePending = true;
        /** The rate-of-change window, loaded from storage at the first reading. */
        private Deque<Sample> lows;

        private Watch(PlacedSensor placed, Thresholds thresholds) {
            this.placed = placed;
            this.thresholds = thresholds;
            SensorKind kind = placed.sensor().kind();
            String source = placed.sensor().id();
            List<Side> both = new ArrayList<>();
            for (Direction direction : Direction.values()) {
                String type = direction == Direction.HIGH ? AlarmTypes.high(kind) : AlarmTypes.low(kind);
                List<Band> bands = new ArrayList<>();
                thresholds.bands().forEach((severity, limits) -> bands.add(new Band(severity, limits, source + "/" + type + "/" + severity)));
                both.add(new Side(direction, type, source + "/" + type, List.copyOf(bands)));
            }
            this.sides = List.copyOf(both);
            this.risingType = AlarmTypes.rising(kind);
            this.risingKey = source + "/" + risingType;
        }
    }

    /** One direction of a sensor's limits: its alarm's type and key, and its bands, highest severity first. */
    private record Side(Direction direction, String type, String key, List<Band> bands) {
    }

    private record Band(Severity severity, Limits limits, String pendingKey) {
    }

    /** The watch of a sensor under these limits: the same one for every call, so its state carries over. */
    public synchronized Watch watch(PlacedSensor placed, Thresholds thresholds) {
        Map<String, Watch> ofKind = watches.computeIfAbsent(placed.sensor().kind(), k -> new HashMap<>());
        Watch watch = ofKind.get(placed.sensor().id());
        if (watch == null || watch.thresholds != thresholds) {
            Watch before = watch;
            watch = new Watch(placed, thresholds);
            watch.lows = before == null ? null : before.lows;
            ofKind.put(placed.sensor().id(), watch);
        }
        return watch;
    }

    /**
     * Rate of change: the rise from the lowest good value within the window to this one. Clears
     * below 80 % of the limit, so a rise hovering at the limit does not flap. The window is rebuilt
     * from stored readings after a restart.
     */
    private void rising(Watch watch, Reading reading) throws SQLException {
        Thresholds.Rise rule = watch.thresholds.rise();
        if (rule == null || rule.by() == null || rule.within() == null || rule.severity() == null) {
            return;
        }
        PlacedSensor placed = watch.placed;
        String source = placed.sensor().id();
        Deque<Sample> lows = watch.lows;
        if (lows == null) {
            lows = new ArrayDeque<>();
            for (Sample s : store.goodValues(placed.sensor().agent(), source, reading.ts().minus(rule.within()), reading.ts())) {
                addLow(lows, s);
            }
            watch.lows = lows;
        }
        addLow(lows, new Sample(reading.ts(), reading.value()));
        Instant from = reading.ts().minus(rule.within());
        while (lows.peekFirst().ts().isBefore(from)) {
            lows.pollFirst();
        }
        double lowest = lows.isEmpty() ? reading.value() : lows.peekFirst().value();
        double rise = reading.value() - lowest;
        boolean held = active.containsKey(watch.risingKey);
        Severity next = rise >= rule.by() || held && rise >= 0.8 * rule.by() ? rule.severity() : null;
        if (next == null && !held) {
            return; // the usual case: nothing to raise or clear, so no message to format
        }
        condition(source, watch.risingType, next, "%s rose %.1f %s within %d min (limit %s)".formatted(source, rise,
                placed.sensor().unit(), rule.within().toMinutes(), rule.by()), reading.value(), placed.sensor().unit(), false);
    }

    /**
     * Keeps only the samples that can still be the lowest of the window: each newer one drops the
     * older ones not lower than it, so the first is the minimum and a reading costs O(1) on average,
     * not a pass over 15 minutes of samples.
     */
    private static void addLow(Deque<Sample> lows, Sample s) {
        while (!lows.isEmpty() && lows.peekLast().value() >= s.value()) {
            lows.pollLast();
        }
        lows.addLast(s);
    }

    /** A good value at a time. */
    public record Sample(Instant ts, double value) {
    }

    /**
     * Sets the condition behind one alarm: present at {@code severity} (raised, or escalated or
     * de-escalated if it already is), or gone when {@code severity} is null (cleared if active). A
     * condition that merely persists updates the alarm without telling anyone.
     */
    public void condition(String source, String type, Severity severity, String message, Double value) throws SQLException {
        condition(source, type, severity, message, value, false);
    }

    /**
     * As {@link #condition(String, String, Severity, String, Double)}; a {@code latched} alarm is not
     * cleared when its condition goes, but waits for an operator to reset it.
     */
    public void condition(String source, String type, Severity severity, String message, Double value,
                          boolean latched) throws SQLException {
        condition(source, type, severity, message, value, null, latched);
    }

    /**
     * As {@link #condition(String, String, Severity, String, Double, boolean)}, with the unit of
     * {@code value}: what the alarm's value is shown in (the API, the console, notifications), which
     * is the rule's, not necessarily its source's (a dew point is in C though its source measures %RH).
     */
    public synchronized void condition(String source, String type, Severity severity, String message, Double value,
                                       String unit, boolean latched) throws SQLException {
        Instant now = clock.instant();
        String key = source + "/" + type;
        Alarm current = active.get(key);
        if (severity == null) {
            if (current != null && current.latched() && current.conditionPresent()) {
                change(new AlarmChange(current.conditionGone(value, now), "condition-cleared"));
            } else if (current != null && !current.latched()) {
                change(new AlarmChange(current.cleared(value, now), "cleared"));
            }
        } else if (current == null) {
            Alarm raised = Alarm.raised(source, type, severity, message, value, unit, now, latched);
            change(new AlarmChange(raised.withShelf(shelves.get(key), now), "raised"));
        } else if (!current.conditionPresent()) {
            change(new AlarmChange(current.triggered(severity, message, value, unit, now), "retriggered"));
        } else if (current.severity() != severity) {
            change(new AlarmChange(current.triggered(severity, message, value, unit, now),
                    severity.outranks(current.severity()) ? "escalated" : "deescalated"));
        } else {
            Alarm repeated = current.triggered(severity, current.message(), value, unit, now);
            store.save(repeated, "repeated");
            active.put(repeated.key(), repeated);
        }
    }

    /** An operator has seen the alarm (active or cleared) and says so; a comment is required. */
    public synchronized Alarm acknowledge(long id, String user, String comment) throws SQLException, AlarmActionException {
        Alarm alarm = find(id);
        String text = required(comment, "comment");
        if (alarm.acknowledged()) {
            throw new AlarmActionException("conflict", "alarm " + id + " was already acknowledged by " + alarm.ack().by());
        }
        Instant now = clock.instant();
        return change(new AlarmChange(alarm.acknowledged(new Alarm.Ack(user, now, text)), "acknowledged", user, text));
    }

    /**
     * Silences an alarm's source and type for maintenance until {@code until} (at most {@link #MAX_SHELVE}
     * ahead): still recorded and published, but no notification channel is told.
     */
    public synchronized Alarm shelve(long id, String user, String reason, Instant until)
            throws SQLException, AlarmActionException {
        Alarm alarm = find(id);
        String text = required(reason, "reason");
        Instant now = clock.instant();
        if (until == null || !until.isAfter(now)) {
            throw new AlarmActionException("invalid", "a shelf needs an expiry in the future", "until");
        }
        if (until.isAfter(now.plus(MAX_SHELVE))) {
            throw new AlarmActionException("invalid", "an alarm can be shelved for at most " + MAX_SHELVE.toHours() + " h", "until");
        }
        Alarm.Shelf shelf = new Alarm.Shelf(until, user, text, now);
        store.shelve(alarm.source(), alarm.type(), shelf);
        shelves.put(alarm.key(), shelf);
        return change(new AlarmChange(current(alarm).withShelf(shelf, now), "shelved", user, text));
    }

    /** Ends a shelf early. */
    public synchronized Alarm unshelve(long id, String user) throws SQLException, AlarmActionException {
        Alarm alarm = find(id);
        if (!shelves.containsKey(alarm.key())) {
            throw new AlarmActionException("conflict", "alarm " + id + " is not shelved");
        }
        return lift(alarm, user);
    }

    /** Lifts every shelf whose time is up; run periodically. */
    public synchronized void expireShelves() throws SQLException {
        Instant now = clock.instant();
        for (var shelf : List.copyOf(shelves.entrySet())) {
            if (shelf.getValue().expiredAt(now)) {
                Alarm alarm = active.get(shelf.getKey());
                if (alarm != null) {
                    lift(alarm, null);
                } else {
                    int slash = shelf.getKey().indexOf('/');
                    store.shelve(shelf.getKey().substring(0, slash), shelf.getKey().substring(slash + 1), null);
                    shelves.remove(shelf.getKey());
                }
            }
        }
    }

    private Alarm lift(Alarm alarm, String user) throws SQLException {
        store.shelve(alarm.source(), alarm.type(), null);
        shelves.remove(alarm.key());
        return change(new AlarmChange(current(alarm).withShelf(null, clock.instant()), "unshelved", user, null));
    }

    /** Clears a latched alarm (smoke) once its condition is gone: a person has checked the room. */
    public synchronized Alarm reset(long id, String user, String comment) throws SQLException, AlarmActionException {
        Alarm alarm = find(id);
        String text = required(comment, "comment");
        if (!alarm.latched() || alarm.state() != Alarm.State.ACTIVE) {
            throw new AlarmActionException("conflict", "alarm " + id + " is not a latched active alarm; it clears by itself");
        }
        if (alarm.conditionPresent()) {
            throw new AlarmActionException("conflict", "alarm " + id + " cannot be reset while its condition is still present");
        }
        return change(new AlarmChange(alarm.cleared(null, clock.instant()), "reset", user, text));
    }

    private Alarm find(long id) throws SQLException, AlarmActionException {
        for (Alarm a : active.values()) {
            if (a.id() == id) {
                return a;
            }
        }
        return store.find(id).orElseThrow(() -> new AlarmActionException("not-found", "no alarm " + id));
    }

    /** A shelf covers a source and type, so it is recorded on the active occurrence when there is one. */
    private Alarm current(Alarm alarm) {
        return active.getOrDefault(alarm.key(), alarm);
    }

    private static String required(String text, String field) throws AlarmActionException {
        if (text == null || text.isBlank()) {
            throw new AlarmActionException("invalid", field + " is required", field);
        }
        if (text.length() > 400) {
            throw new AlarmActionException("invalid", field + " is longer than 400 characters", field);
        }
        return text.strip();
    }

    private Alarm change(AlarmChange change) throws SQLException {
        Alarm saved = store.save(change.alarm(), change.change(), change.by(), change.comment());
        if (saved.state() == Alarm.State.ACTIVE) {
            active.put(saved.key(), saved);
        } else {
            active.computeIfPresent(saved.key(), (k, a) -> a.id() == saved.id() ? null : a); // not a newer occurrence
        }
        changes++;
        listener.changed(new AlarmChange(saved, change.change(), change.by(), change.comment()), activeAlarms());
        return saved;
    }

    /** How many changes have been made so far: tells a caller whether its step changed any alarm. */
    public synchronized long changes() {
        return changes;
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
