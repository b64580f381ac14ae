package id.jaga.controller.alarm;

import id.jaga.config.Severity;
import id.jaga.sensors.wire.AlarmEvent;
import id.jaga.sensors.wire.Wire;
import java.time.Instant;

/**
 * One occurrence of an alarm, identified by {@code source} (sensor, agent, room) and {@code type}.
 * Repeated triggers update it (count, last value, peak) rather than creating new ones.
 */
public record Alarm(long id, String source, String type, Severity severity, State state, String message,
                    Double lastValue, Double peakValue, int count, Instant raisedAt, Instant updatedAt,
                    Instant clearedAt) {

    public enum State {
        ACTIVE, CLEARED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** As the NOC and the notification channels see this alarm after a change. */
    public AlarmEvent toEvent(String site, String change) {
        return new AlarmEvent(Wire.SCHEMA, site, Long.toString(id), source, type, severity.wire(), state.wire(), change,
                lastValue, message, raisedAt, updatedAt);
    }

    public String key() {
        return source + "/" + type;
    }

    Alarm triggered(Severity newSeverity, String newMessage, Double value, Instant at) {
        Double peak;
        if (value == null || peakValue == null) {
            peak = value == null ? peakValue : value; // a state alarm has no value to peak
        } else {
            peak = type.endsWith("-low") ? Math.min(peakValue, value) : Math.max(peakValue, value);
        }
        return new Alarm(id, source, type, newSeverity, state, newMessage, value, peak, count + 1, raisedAt, at, clearedAt);
    }

    Alarm cleared(Double value, Instant at) {
        return new Alarm(id, source, type, severity, State.CLEARED, message, value, peakValue, count, raisedAt, at, at);
    }

    Alarm withId(long newId) {
        return new Alarm(newId, source, type, severity, state, message, lastValue, peakValue, count, raisedAt, updatedAt, clearedAt);
    }
}
