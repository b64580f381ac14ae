package id.jaga.sensors.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A transition of the failover state machine (NORMAL, AT_RISK, FAILING_OVER, ON_DRC, FAILING_BACK,
 * CANCELLED, FAILED): on {@code .../failover}, and retained as the current state on
 * {@code .../failover/state}. {@code detail} says why: the readings behind a trigger, why a DRC was
 * chosen and the others not, each step's outcome and how long it took. A {@code drill} switches
 * nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailoverState(Integer schema, String site, String state, String previous, String drc, String trigger,
                            String decidedBy, Instant ts, String attempt, Boolean drill, Instant approvalDeadline,
                            String detail) {
    public FailoverState {
        Wire.checkSchema(schema);
        WireException.require(site, "site");
        WireException.require(state, "state");
        WireException.require(ts, "ts");
    }
}
