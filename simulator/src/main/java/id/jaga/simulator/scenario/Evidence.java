package id.jaga.simulator.scenario;

import id.jaga.simulator.scenario.Observed.AlarmChange;
import id.jaga.simulator.scenario.Observed.FailoverChange;
import id.jaga.simulator.scenario.Observed.SecurityChange;
import java.util.List;

/**
 * What a run left to judge expectations by: the alarm changes, failover transitions and security log in order,
 * and, if messages went missing, which (null when none did).
 */
record Evidence(List<AlarmChange> alarms, List<FailoverChange> failovers, List<SecurityChange> security, String lostMessages) {
    Evidence {
        alarms = List.copyOf(alarms);
        failovers = List.copyOf(failovers);
        security = List.copyOf(security);
    }
}
