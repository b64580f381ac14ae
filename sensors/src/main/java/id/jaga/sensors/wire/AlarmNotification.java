package id.jaga.sensors.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What a webhook receives: the alarm changes grouped within the channel's window, oldest first,
 * and any failover transitions in that window ({@code failover}, absent when none).
 * Besides the changes published on the alarm topic, an event's {@code change} can be
 * {@code reminder} (still active and unacknowledged) or {@code escalation} (unacknowledged for too
 * long on the channel before this one).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlarmNotification(Integer schema, String site, Instant ts, List<AlarmEvent> events,
                                List<FailoverState> failover) {
    public AlarmNotification {
        Wire.checkSchema(schema);
        WireException.require(site, "site");
        WireException.require(ts, "ts");
        events = List.copyOf(WireException.require(events, "events"));
        failover = failover == null ? null : List.copyOf(failover);
    }
}
