package id.jaga.sensors.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** The controller's liveness, retained; its last will says {@code offline}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ControllerState(Integer schema, String site, String status, String version, Instant ts) {
    public ControllerState {
        Wire.checkSchema(schema);
        WireException.require(site, "site");
        WireException.require(status, "status");
    }
}
