package id.jaga.controller.http;

import id.jaga.controller.alarm.Alarm;
import id.jaga.controller.alarm.AlarmChange;
import id.jaga.controller.alarm.AlarmSources;
import id.jaga.sensors.wire.FailoverState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What the live feed ({@code GET /api/events}) tells its subscribers, as it happens: alarm changes
 * and failover transitions are handed in by the controller; readings, door states and security
 * records are added by the event route itself.
 */
public final class LiveEvents {
    /** One server-sent event: {@code id} rises by one per event within a controller run. */
    record Event(long id, String type, Object data) {
    }

    private final Set<Consumer<Event>> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final AlarmSources sources;

    /** {@code sources}: which room each alarm is in, said with the alarm. */
    public LiveEvents(AlarmSources sources) {
        this.sources = sources;
    }

    public void alarm(AlarmChange change) {
        publish("alarm", alarmEvent(change.alarm(), change.change(), change.by(), change.comment()));
    }

    public void failover(FailoverState transition) {
        publish("failover", transition);
    }

    void publish(String type, Object data) {
        Event event = new Event(ids.incrementAndGet(), type, data);
        subscribers.forEach(s -> s.accept(event));
    }

    /** An event for one subscriber only (the state at the moment it subscribed), numbered like the rest. */
    Event single(String type, Object data) {
        return new Event(ids.incrementAndGet(), type, data);
    }

    Runnable subscribe(Consumer<Event> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    int subscribers() {
        return subscribers.size();
    }

    Map<String, Object> alarmEvent(Alarm alarm, String change, String by, String comment) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("change", change);
        m.put("by", by);
        m.put("comment", comment);
        m.put("alarm", AlarmRoutes.alarm(alarm, sources));
        return m;
    }
}
