package id.jaga.controller.alarm;

import id.jaga.config.Severity;
import id.jaga.sensors.wire.AlarmEvent;
import id.jaga.sensors.wire.Wire;
import java.time.Instant;

/**
 * One occurrence of an alarm, identified by {@code source} (sensor, agent or room) and {@code type}.
 * Repeated triggers update it (count, last value, peak) rather than creating new ones. {@code unit} is
 * the unit of its values, set by the rule that raised it: not always its source's (a dew-point alarm's
 * source is a humidity sensor, its values are degrees Celsius); null for an alarm without values. It is active
 * or cleared, and acknowledged or not. A latched alarm (smoke) stays active after its condition is
 * gone ({@code conditionPresent} false) until an operator resets it. {@code shelf} is set while the
 * alarm's source and type are shelved for maintenance.
 */
public record Alarm(long id, String source, String type, Severity severity, State state, String message,
                    Double lastValue, Double peakValue, String unit, int count, Instant raisedAt, Instant updatedAt,
                    Instant clearedAt, boolean latched, boolean conditionPresent, Ack ack, Shelf shelf) {

    /** An alarm whose values have no unit recorded (one raised before units were kept, or a test's). */
    public Alarm(long id, String source, String type, Severity severity, State state, String message, Double lastValue,
                 Double peakValue, int count, Instant raisedAt, Instant updatedAt, Instant clearedAt, boolean latched,
                 boolean conditionPresent, Ack ack, Shelf shelf) {
        this(id, source, type, severity, state, message, lastValue, peakValue, null, count, raisedAt, updatedAt, clearedAt,
                latched, conditionPresent, ack, shelf);
    }

    public enum State {
        ACTIVE, CLEARED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Who acknowledged the alarm, when, and what they said. */
    public record Ack(String by, Instant at, String comment) {
    }

    /** Silenced for maintenance until {@code until}, by whom and why. */
    public record Shelf(Instant until, String by, String reason, Instant at) {
        boolean expiredAt(Instant now) {
            return !until.isAfter(now);
        }
    }

    /** A new occurrence, not yet stored. */
    static Alarm raised(String source, String type, Severity severity, String message, Double value, String unit,
                        Instant at, boolean latched) {
        return new Alarm(0, source, type, severity, State.ACTIVE, message, value, value, unit, 1, at, at, null, latched, true,
                null, null);
    }

    /** As the NOC and the notification channels see this alarm after a change, made by {@code by} if a person did it. */
    public AlarmEvent toEvent(String site, String change, String by, String comment) {
        return new AlarmEvent(Wire.SCHEMA, site, Long.toString(id), source, type, severity.wire(), state.wire(), change,
                lastValue, lastValue == null ? null : unit, message, raisedAt, updatedAt, ack != null, ack == null ? null : ack.by(),
                latched ? Boolean.TRUE : null, latched && !conditionPresent && state == State.ACTIVE ? Boolean.TRUE : null,
                shelf == null ? null : shelf.until(), by, comment);
    }

    public AlarmEvent toEvent(String site, String change) {
        return toEvent(site, change, null, null);
    }

    public String key() {
        return source + "/" + type;
    }

    public boolean acknowledged() {
        return ack != null;
    }

    /** A latched alarm whose condition has gone, waiting for an operator to reset it. */
    public boolean awaitingReset() {
        return latched && !conditionPresent && state == State.ACTIVE;
    }

    /** The condition again (or still): a worse severity needs a person's eyes again, so it loses its acknowledgement. */
    Alarm triggered(Severity newSeverity, String newMessage, Double value, String newUnit, Instant at) {
        Double peak;
        if (value == null || peakValue == null) {
            peak = value == null ? peakValue : value; // a state alarm has no value to peak
        } else {
            peak = type.endsWith("-low") ? Math.min(peakValue, value) : Math.max(peakValue, value);
        }
        boolean keepsAck = !newSeverity.outranks(severity) && conditionPresent;
        return new Alarm(id, source, type, newSeverity, state, newMessage, value, peak, newUnit == null ? unit : newUnit,
                count + 1, raisedAt, at, clearedAt, latched, true, keepsAck ? ack : null, shelf);
    }

    Alarm cleared(Double value, Instant at) {
        return new Alarm(id, source, type, severity, State.CLEARED, message, value == null ? lastValue : value, peakValue,
                unit, count, raisedAt, at, at, latched, false, ack, shelf);
    }

    Alarm conditionGone(Double value, Instant at) {
        return new Alarm(id, source, type, severity, state, message, value == null ? lastValue : value, peakValue, unit,
                count, raisedAt, at, clearedAt, latched, false, ack, shelf);
    }

    Alarm acknowledged(Ack newAck) {
        return new Alarm(id, source, type, severity, state, message, lastValue, peakValue, unit, count, raisedAt, newAck.at(),
                clearedAt, latched, conditionPresent, newAck, shelf);
    }

    Alarm withShelf(Shelf newShelf, Instant at) {
        return new Alarm(id, source, type, severity, state, message, lastValue, peakValue, unit, count, raisedAt, at, clearedAt,
                latched, conditionPresent, ack, newShelf);
    }

    Alarm withId(long newId) {
        return new Alarm(newId, source, type, severity, state, message, lastValue, peakValue, unit, count, raisedAt, updatedAt,
                clearedAt, latched, conditionPresent, ack, shelf);
    }
}
