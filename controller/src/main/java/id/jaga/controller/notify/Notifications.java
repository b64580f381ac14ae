package id.jaga.controller.notify;

import id.jaga.config.SiteConfig;
import id.jaga.controller.alarm.Alarm;
import id.jaga.controller.alarm.AlarmChange;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.presence.Presence;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends each alarm change (never each sample) to the notification channels that want it, by
 * severity and room. An inhibited alarm (its agent offline, or its room under a room-level alarm)
 * is recorded and on the MQTT alarm topic as always, but no channel is told.
 */
public final class Notifications implements AlarmService.AlarmListener, AutoCloseable {
    private final String site;
    private final List<Channel> channels;
    private final Map<String, String> roomOf = new HashMap<>();
    private final Map<String, String> agentOf = new HashMap<>();
    private final java.util.Set<String> rooms = new java.util.HashSet<>();
    private final AtomicLong inhibited = new AtomicLong();

    public Notifications(SiteConfig config) {
        this.site = config.site().id();
        this.channels = config.notifications().stream()
                .map(c -> ("email".equals(c.type()) ? new EmailChannel(c) : new WebhookChannel(c)).start()).toList();
        config.sensors().forEach(p -> {
            roomOf.put(p.sensor().id(), p.room());
            agentOf.put(p.sensor().id(), p.sensor().agent());
        });
        config.agents().forEach(a -> roomOf.put(a.id(), a.room()));
        config.rooms().forEach(r -> rooms.add(r.id()));
    }

    @Override
    public void changed(AlarmChange change, List<Alarm> activeNow) {
        Alarm alarm = change.alarm();
        if (inhibited(alarm, activeNow) || shelved(change)) {
            inhibited.incrementAndGet();
            return;
        }
        var event = change.toEvent(site);
        String room = roomOf.get(alarm.source());
        for (Channel channel : channels) {
            var c = channel.config();
            if ((c.severities().isEmpty() || c.severities().contains(alarm.severity()))
                    && (c.rooms().isEmpty() || c.rooms().contains(room))) {
                channel.send(event);
            }
        }
    }

    /** A shelved alarm is silent; the shelving itself is told once, so the on-call knows who silenced what. */
    private static boolean shelved(AlarmChange change) {
        return change.alarm().shelf() != null && !"shelved".equals(change.change());
    }

    /**
     * Muted: an alarm of a sensor whose agent is offline, or of anything in a room that has a
     * room-level alarm (a composite such as cooling failure): the alarm above already says it.
     */
    private boolean inhibited(Alarm alarm, List<Alarm> activeNow) {
        String agent = agentOf.get(alarm.source());
        String room = roomOf.get(alarm.source());
        boolean roomLevel = rooms.contains(alarm.source());
        return activeNow.stream().anyMatch(a -> agent != null && a.source().equals(agent) && a.type().equals(Presence.OFFLINE)
                || !roomLevel && room != null && a.source().equals(room));
    }

    /** Each channel's state, for the health endpoint. */
    public Map<String, Channel.Status> statuses() {
        Map<String, Channel.Status> all = new LinkedHashMap<>();
        channels.forEach(c -> all.put(c.config().id(), c.status()));
        return all;
    }

    public long inhibited() {
        return inhibited.get();
    }

    public boolean healthy() {
        return channels.stream().allMatch(c -> c.status().lastError() == null);
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
    }
}
