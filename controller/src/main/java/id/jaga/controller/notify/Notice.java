package id.jaga.controller.notify;

import id.jaga.sensors.wire.AlarmEvent;

/** One alarm event for a channel; {@code escalatedFrom} names the channel that did not get it acknowledged in time. */
record Notice(AlarmEvent event, String escalatedFrom) {
    Notice(AlarmEvent event) {
        this(event, null);
    }
}
