package id.jaga.sensors.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Birth (online, retained) and death (offline, the MQTT last will) of an agent. {@code bootSeq}
 * counts the agent's starts, so a consumer can tell a restart from a reconnect.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentState(Integer schema, String agent, Status status, Long bootSeq, String version,
                         List<SensorInfo> sensors, Instant ts) {
    public AgentState {
        Wire.checkSchema(schema);
        WireException.require(agent, "agent");
        WireException.require(status, "status");
        WireException.require(bootSeq, "bootSeq");
        sensors = sensors == null ? null : List.copyOf(sensors);
    }

    public static AgentState birth(String agent, long bootSeq, String version, List<SensorInfo> sensors, Instant ts) {
        return new AgentState(Wire.SCHEMA, agent, Status.ONLINE, bootSeq, version, sensors, ts);
    }

    /** The last will: sent by the broker, so it carries no time of its own. */
    public static AgentState death(String agent, long bootSeq) {
        return new AgentState(Wire.SCHEMA, agent, Status.OFFLINE, bootSeq, null, null, null);
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
