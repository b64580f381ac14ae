package id.jaga.sensors.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * An order from the controller to one agent (unlock a door, siren on). The agent acts only on a
 * command whose {@code signature} verifies, that has not {@code expires}d and whose {@code id} it has
 * not seen before.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Command(Integer schema, String id, String agent, String action, Map<String, String> args,
                      Instant issued, Instant expires, String signature) {
    public Command {
        Wire.checkSchema(schema);
        WireException.require(id, "id");
        WireException.require(agent, "agent");
        WireException.require(action, "action");
        WireException.require(issued, "issued");
        WireException.require(expires, "expires");
        WireException.check(args == null || args.values().stream().noneMatch(java.util.Objects::isNull), "args values must not be null");
        args = args == null ? Map.of() : Map.copyOf(args);
    }
}
