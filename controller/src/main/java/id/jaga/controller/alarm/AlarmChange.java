package id.jaga.controller.alarm;

import id.jaga.sensors.wire.AlarmEvent;

/** A committed change of an alarm: what happened to it and, when a person did it, who and with what comment. */
public record AlarmChange(Alarm alarm, String change, String by, String comment) {

    public AlarmChange(Alarm alarm, String change) {
        this(alarm, change, null, null);
    }

    public AlarmEvent toEvent(String site) {
        return alarm.toEvent(site, change, by, comment);
    }
}
