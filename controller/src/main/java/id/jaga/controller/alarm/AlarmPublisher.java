package id.jaga.controller.alarm;

import id.jaga.controller.broker.OrderedPublisher;
import id.jaga.controller.broker.OrderedPublisher.Message;
import id.jaga.sensors.wire.ActiveAlarms;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import java.time.Clock;
import java.util.List;

/**
 * Tells the NOC: every alarm change on {@code .../alarm}, then the retained {@code .../alarm/active}
 * snapshot, through the ordered publisher so ingest never waits on the broker.
 */
public final class AlarmPublisher implements AlarmService.AlarmListener {
    private final String site;
    private final Topics topics;
    private final OrderedPublisher publisher;
    private final Clock clock;

    public AlarmPublisher(String site, Topics topics, OrderedPublisher publisher, Clock clock) {
        this.site = site;
        this.topics = topics;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public void changed(AlarmChange change, List<Alarm> activeNow) {
        ActiveAlarms snapshot = new ActiveAlarms(Wire.SCHEMA, site, clock.instant(),
                activeNow.stream().map(a -> a.toEvent(site, "active")).toList());
        publisher.publish(List.of(new Message(topics.alarm(), Wire.encode(change.toEvent(site)), false),
                new Message(topics.alarmActive(), Wire.encode(snapshot), true)));
    }
}
