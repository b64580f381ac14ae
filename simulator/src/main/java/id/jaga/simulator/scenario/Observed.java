package id.jaga.simulator.scenario;

import java.time.Duration;

/** What the NOC saw during a run, each at its time after the scenario's start (the controller's own timestamp). */
sealed interface Observed {
    Duration at();

    /** One change of an alarm, as published on the alarm topic. */
    record AlarmChange(Duration at, String source, String type, String severity, String state, String change, String message)
            implements Observed {
        boolean active() {
            return "active".equals(state);
        }

        String key() {
            return source + "/" + type;
        }
    }

    /** One entry of the physical security log, as published on the security topic. */
    record SecurityChange(Duration at, String type, String door, String person, String detail) implements Observed {
    }

    /** One transition of the failover state machine, as published on the failover topic. */
    record FailoverChange(Duration at, String state, String drc, String trigger, String decidedBy, boolean drill, String detail)
            implements Observed {
    }
}
