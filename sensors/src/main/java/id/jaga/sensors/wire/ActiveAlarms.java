package id.jaga.sensors.wire;

import java.time.Instant;
import java.util.List;

/** The retained snapshot of every active alarm, for a NOC that connects late. */
public record ActiveAlarms(Integer schema, String site, Instant ts, List<AlarmEvent> alarms) {
    public ActiveAlarms {
        Wire.checkSchema(schema);
        WireException.require(site, "site");
        WireException.require(ts, "ts");
        alarms = List.copyOf(WireException.require(alarms, "alarms"));
    }
}
