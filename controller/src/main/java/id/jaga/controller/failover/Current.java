package id.jaga.controller.failover;

import java.time.Instant;

/**
 * Where the failover state machine stands: the state since when, the trigger and DRC involved, who
 * or what decided, the attempt's idempotency key; while AT_RISK, when the trigger's condition began,
 * when its confirmation delay ends and, awaiting an operator, the approval deadline.
 */
record Current(Failover.State state, String trigger, String drc, String decidedBy, String attempt, boolean drill,
               Instant since, Instant conditionSince, Instant confirmUntil, Instant approvalDeadline) {

    static Current normal(Instant at) {
        return new Current(Failover.State.NORMAL, null, null, null, null, false, at, null, null, null);
    }

    Current to(Failover.State next, String decider, Instant at) {
        return new Current(next, trigger, drc, decider, attempt, drill, at, conditionSince, confirmUntil, approvalDeadline);
    }

    Current withDrc(String newDrc) {
        return new Current(state, trigger, newDrc, decidedBy, attempt, drill, since, conditionSince, confirmUntil, approvalDeadline);
    }

    Current awaiting(Instant deadline) {
        return new Current(state, trigger, drc, decidedBy, attempt, drill, since, conditionSince, confirmUntil, deadline);
    }

    Current attempt(String key, boolean isDrill) {
        return new Current(state, trigger, drc, decidedBy, key, isDrill, since, conditionSince, confirmUntil, approvalDeadline);
    }
}
