package id.jaga.controller.notify;

import id.jaga.config.SiteConfig;
import id.jaga.controller.alarm.Alarm;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.presence.Presence;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends each alarm change (never each sample) to the notification channels that want it, by
 * severity and room. An alarm whose agent is offline is inhibited: recorded and on the MQTT alarm
 * topic as always, but no channel is told, since the "agent offline" alarm already says it all.
 */
public final class Notifications implements AlarmService.AlarmListener, AutoCloseable {
    private final String site;
    private final List<Channel> channels;
    private final Map<String, String> roomOf = new HashMap<>();
    private final Map<String, String> agentOf = new HashMap<>();
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
    }

    @Override
    public void changed(Alarm alarm, String change, List<Alarm> activeNow) {
        String agent = agentOf.get(alarm.source());
        if (agent != null && activeNow.stream().anyMatch(a -> a.source().equals(agent) && a.type().equals(Presence.OFFLINE))) {
            inhibited.incrementAndGet();
            return;
        }
        var event = alarm.toEvent(site, change);
        String room = roomOf.get(alarm.source());
        for (Channel channel : channels) {
            var c = channel.config();
            if ((c.severities().isEmpty() || c.severities().contains(alarm.severity()))
                    && (c.rooms().isEmpty() || c.rooms().contains(room))) {
                channel.send(event);
            }
        }
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
