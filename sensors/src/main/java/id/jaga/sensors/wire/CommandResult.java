package id.jaga.sensors.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** What an agent did with a command: {@code done}, or {@code rejected} with the reason. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResult(Integer schema, String id, String agent, String result, String reason, Instant ts) {
    public CommandResult {
        Wire.checkSchema(schema);
        WireException.require(id, "id");
        WireException.require(agent, "agent");
        WireException.require(result, "result");
        WireException.require(ts, "ts");
    }
}
