package id.jaga.sensors.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A discrete change sent the moment it happens, not at the next poll: door opened or closed, smoke,
 * a badge presented, tamper. Shares the agent's sequence with telemetry.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentEvent(Integer schema, String agent, Long seq, Instant ts, String type, String sensor,
                         Map<String, String> data) {
    public AgentEvent {
        Wire.checkSchema(schema);
        WireException.require(agent, "agent");
        WireException.require(seq, "seq");
        WireException.check(seq >= 0, "seq must not be negative");
        WireException.require(ts, "ts");
        WireException.require(type, "type");
        WireException.check(data == null || data.values().stream().noneMatch(java.util.Objects::isNull), "data values must not be null");
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
