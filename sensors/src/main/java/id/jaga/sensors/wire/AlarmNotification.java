package id.jaga.sensors.wire;

import java.time.Instant;
import java.util.List;

/**
 * What a webhook receives: the alarm changes grouped within the channel's window, oldest first.
 * Besides the changes published on the alarm topic, an event's {@code change} can be
 * {@code reminder} (still active and unacknowledged) or {@code escalation} (unacknowledged for too
 * long on the channel before this one).
 */
public record AlarmNotification(Integer schema, String site, Instant ts, List<AlarmEvent> events) {
    public AlarmNotification {
        Wire.checkSchema(schema);
        WireException.require(site, "site");
        WireException.require(ts, "ts");
        events = List.copyOf(WireException.require(events, "events"));
    }
}
