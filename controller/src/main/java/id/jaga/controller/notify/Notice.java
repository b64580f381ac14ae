package id.jaga.controller.notify;

import id.jaga.sensors.wire.AlarmEvent;
import id.jaga.sensors.wire.FailoverState;

/**
 * One thing to tell a channel: an alarm event, or a failover transition. {@code escalatedFrom}
 * names the channel that did not get an alarm acknowledged in time.
 */
record Notice(AlarmEvent event, FailoverState failover, String escalatedFrom) {
    Notice(AlarmEvent event) {
        this(event, null, null);
    }

    Notice(AlarmEvent event, String escalatedFrom) {
        this(event, null, escalatedFrom);
    }

    Notice(FailoverState failover) {
        this(null, failover, null);
    }
}
