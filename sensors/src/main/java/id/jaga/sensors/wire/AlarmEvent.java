package id.jaga.sensors.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A change of one alarm, as the NOC sees it. An alarm is identified by {@code source} (a sensor,
 * agent or room) and {@code type}; {@code change} says what happened (raised, escalated,
 * deescalated, cleared, condition-cleared, acknowledged, shelved, unshelved, reset) and {@code by}
 * who did it when a person did. {@code unit} is the unit of {@code value}, which is not always its
 * source's: a dew-point alarm's source is a humidity sensor, its value degrees Celsius.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlarmEvent(Integer schema, String site, String alarm, String source, String type, String severity,
                         String state, String change, Double value, String unit, String message, Instant since,
                         Instant ts, Boolean acknowledged, String acknowledgedBy, Boolean latched, Boolean awaitingReset,
                         Instant shelvedUntil, String by, String comment) {
    public AlarmEvent {
        Wire.checkSchema(schema);
        WireException.require(site, "site");
        WireException.require(alarm, "alarm");
        WireException.require(source, "source");
        WireException.require(type, "type");
        WireException.require(severity, "severity");
        WireException.require(state, "state");
        WireException.require(change, "change");
        WireException.require(ts, "ts");
        WireException.require(acknowledged, "acknowledged");
    }

    /** An event without a unit for its value, as before {@code unit} joined the message. */
    public AlarmEvent(Integer schema, String site, String alarm, String source, String type, String severity, String state,
                      String change, Double value, String message, Instant since, Instant ts, Boolean acknowledged,
                      String acknowledgedBy, Boolean latched, Boolean awaitingReset, Instant shelvedUntil, String by,
                      String comment) {
        this(schema, site, alarm, source, type, severity, state, change, value, null, message, since, ts, acknowledged,
                acknowledgedBy, latched, awaitingReset, shelvedUntil, by, comment);
    }
}
