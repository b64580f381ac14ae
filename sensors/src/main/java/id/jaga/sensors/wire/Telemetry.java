package id.jaga.sensors.wire;

import java.time.Instant;
import java.util.List;

/** A batch of readings from one agent; {@code seq} grows by one per message and survives restarts. */
public record Telemetry(Integer schema, String agent, Long seq, Instant ts, List<Reading> readings) {
    /** Most readings one message may carry: a row of racks has a few hundred sensors at most. */
    public static final int MAX_READINGS = 4096;

    public Telemetry {
        Wire.checkSchema(schema);
        WireException.require(agent, "agent");
        WireException.require(seq, "seq");
        WireException.require(ts, "ts");
        readings = List.copyOf(WireException.require(readings, "readings"));
        WireException.check(seq >= 0, "seq must not be negative");
        WireException.check(readings.size() <= MAX_READINGS, "more than " + MAX_READINGS + " readings in one message");
    }

    public Telemetry(String agent, long seq, Instant ts, List<Reading> readings) {
        this(Wire.SCHEMA, agent, seq, ts, readings);
    }
}
