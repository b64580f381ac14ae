package id.jaga.sensors.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A transition of the failover state machine (NORMAL, AT_RISK, FAILING_OVER, ON_DRC, FAILING_BACK,
 * CANCELLED, FAILED): on {@code .../failover}, and retained as the current state on
 * {@code .../failover/state}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailoverState(Integer schema, String site, String state, String previous, String drc, String trigger,
                            String decidedBy, Instant ts) {
    public FailoverState {
        Wire.checkSchema(schema);
        WireException.require(site, "site");
        WireException.require(state, "state");
        WireException.require(ts, "ts");
    }
}
