package id.jaga.sensors.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Birth (online, retained) and death (offline, the MQTT last will) of an agent. {@code bootSeq}
 * counts the agent's starts, so a consumer can tell a restart from a reconnect. A birth may name the
 * sequence numbers this boot {@code skipped} (the rest of the block reserved before the restart), so
 * a consumer does not take them for lost messages.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentState(Integer schema, String agent, Status status, Long bootSeq, String version,
                         List<SensorInfo> sensors, Instant ts, Skipped skipped) {
    public AgentState {
        Wire.checkSchema(schema);
        WireException.require(agent, "agent");
        WireException.require(status, "status");
        WireException.require(bootSeq, "bootSeq");
        sensors = sensors == null ? null : List.copyOf(sensors);
    }

    public AgentState(Integer schema, String agent, Status status, Long bootSeq, String version, List<SensorInfo> sensors,
                      Instant ts) {
        this(schema, agent, status, bootSeq, version, sensors, ts, null);
    }

    public static AgentState birth(String agent, long bootSeq, String version, List<SensorInfo> sensors, Instant ts) {
        return birth(agent, bootSeq, version, sensors, ts, null);
    }

    /** A birth that announces the numbers this boot skipped; {@code skipped} null when it skipped none. */
    public static AgentState birth(String agent, long bootSeq, String version, List<SensorInfo> sensors, Instant ts,
                                   Skipped skipped) {
        return new AgentState(Wire.SCHEMA, agent, Status.ONLINE, bootSeq, version, sensors, ts, skipped);
    }

    /** The last will: sent by the broker, so it carries no time of its own. */
    public static AgentState death(String agent, long bootSeq) {
        return new AgentState(Wire.SCHEMA, agent, Status.OFFLINE, bootSeq, null, null, null, null);
    }

    /** Sequence numbers {@code from} to {@code to}, both included, that no message will ever carry. */
    public record Skipped(Long from, Long to) {
        public Skipped {
            WireException.require(from, "skipped.from");
            WireException.require(to, "skipped.to");
            WireException.check(from >= 0 && from <= to, "skipped must be 0 <= from <= to");
        }
    }

    public enum Status {
        ONLINE, OFFLINE;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record SensorInfo(String id, String kind, String unit) {
    }
}
