package id.jaga.sensors.wire;

import java.time.Instant;
import java.util.List;

/** A batch of readings from one agent; {@code seq} grows by one per message and survives restarts. */
public record Telemetry(Integer schema, String agent, Long seq, Instant ts, List<Reading> readings) {
    public Telemetry {
        Wire.checkSchema(schema);
        WireException.require(agent, "agent");
        WireException.require(seq, "seq");
        WireException.require(ts, "ts");
        readings = List.copyOf(WireException.require(readings, "readings"));
        WireException.check(seq >= 0, "seq must not be negative");
    }

    public Telemetry(String agent, long seq, Instant ts, List<Reading> readings) {
        this(Wire.SCHEMA, agent, seq, ts, readings);
    }
}
