package id.jaga.controller.notify;

import id.jaga.config.NotificationChannel;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.controller.alarm.Alarm;
import id.jaga.controller.alarm.AlarmChange;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.AlarmSources;
import id.jaga.controller.notify.NotificationLog.Told;
import id.jaga.controller.presence.Presence;
import id.jaga.sensors.wire.FailoverState;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends each alarm change (never each sample) to the notification channels that want it, by
 * severity and room, then keeps after the alarms nobody acknowledges: a reminder every
 * {@code repeatEvery}, and after {@code escalateAfter} the alarm goes to the next contact list.
 * An inhibited alarm (its agent offline, or its room under a room-level alarm) and a shelved one
 * are recorded and on the MQTT alarm topic as always, but no channel is told. What each channel
 * was told is stored, so reminders and escalations carry on after a restart.
 */
public final class Notifications implements AlarmService.AlarmListener, AutoCloseable {
    private final String site;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final AlarmSources sources;
    private final AtomicLong inhibited = new AtomicLong();
    private final NotificationLog log;
    private final Clock clock;
    /** Per channel and alarm: when it was told, while the alarm is active and unacknowledged. */
    private final Map<String, Told> told = new HashMap<>();
    private List<Alarm> active = List.of();

    public Notifications(SiteConfig config, NotificationLog log, Clock clock) {
        this(config, new AlarmSources(config), log, clock);
    }

    /** {@code sources}: where each alarm source is, for the channels' {@code rooms} and for muting. */
    public Notifications(SiteConfig config, AlarmSources sources, NotificationLog log, Clock clock) {
        this.site = config.site().id();
        this.sources = sources;
        this.log = log;
        this.clock = clock;
        for (NotificationChannel c : config.notifications()) {
            Channel.Delivered record = (channel, notice) -> log.sent(channel, notice, clock.instant());
            channels.put(c.id(), ("email".equals(c.type()) ? new EmailChannel(c, record) : new WebhookChannel(c, record)).start());
        }
    }

    /** Picks up reminders and escalations where they were, for the alarms active now. */
    public synchronized void resume(List<Alarm> activeNow) throws SQLException {
        active = activeNow;
        told.putAll(log.told(activeNow.stream().filter(a -> !a.acknowledged()).map(Alarm::id).toList()));
    }

    @Override
    public synchronized void changed(AlarmChange change, List<Alarm> activeNow) {
        active = activeNow;
        Alarm alarm = change.alarm();
        if (alarm.acknowledged() || alarm.state() == Alarm.State.CLEARED) {
            told.keySet().removeIf(k -> k.endsWith("/" + alarm.id())); // nothing more to chase
        }
        if (inhibited(alarm, activeNow) || shelved(change)) {
            inhibited.incrementAndGet();
            return;
        }
        Instant now = clock.instant();
        Notice notice = new Notice(change.toEvent(site));
        for (Channel channel : channels.values()) {
            if (wants(channel.config(), alarm)) {
                channel.send(notice);
                if (!alarm.acknowledged() && alarm.state() == Alarm.State.ACTIVE) {
                    told.merge(Told.key(channel.config().id(), alarm.id()), new Told(now, now, false),
                            (was, fresh) -> was.again(now));
                }
            }
        }
    }

    /** A failover transition goes to every channel that takes CRITICAL, whatever its rooms. */
    public void failover(FailoverState transition) {
        for (Channel channel : channels.values()) {
            NotificationChannel c = channel.config();
            if (c.severities().isEmpty() || c.severities().contains(Severity.CRITICAL)) {
                channel.send(new Notice(transition));
            }
        }
    }

    /** Sends the reminders and escalations that are due; run every few seconds. */
    public synchronized void remind() {
        Instant now = clock.instant();
        for (Alarm alarm : active) {
            if (alarm.acknowledged() || alarm.shelf() != null || inhibited(alarm, active)) {
                continue;
            }
            for (Channel channel : List.copyOf(channels.values())) {
                NotificationChannel c = channel.config();
                String key = Told.key(c.id(), alarm.id());
                Told t = told.get(key);
                if (t == null) {
                    continue;
                }
                if (c.repeatEvery() != null && !t.last().plus(c.repeatEvery()).isAfter(now)) {
                    channel.send(new Notice(alarm.toEvent(site, "reminder")));
                    t = t.again(now);
                }
                Channel next = c.escalateTo() == null ? null : channels.get(c.escalateTo());
                if (next != null && !t.wasEscalated() && !t.first().plus(c.escalateAfter()).isAfter(now)) {
                    next.send(new Notice(alarm.toEvent(site, "escalation"), c.id()));
                    t = t.escalated();
                    told.putIfAbsent(Told.key(next.config().id(), alarm.id()), new Told(now, now, false));
                }
                told.put(key, t);
            }
        }
    }

    private boolean wants(NotificationChannel c, Alarm alarm) {
        return (c.severities().isEmpty() || c.severities().contains(alarm.severity()))
                && (c.rooms().isEmpty() || sources.roomOf(alarm.source()).filter(c.rooms()::contains).isPresent());
    }

    /** A shelved alarm is silent; the shelving itself is told once, so the on-call knows who silenced what. */
    private static boolean shelved(AlarmChange change) {
        return change.alarm().shelf() != null && !"shelved".equals(change.change());
    }

    /**
     * Muted: an alarm of a sensor whose agent is offline, or of a sensor, rack or agent in a room
     * that has a room-level alarm (a composite such as cooling failure): the alarm above already
     * says it. A door's or camera's alarm (forced, held open, tamper) says something a room's
     * climate or power does not, and is never muted so.
     */
    private boolean inhibited(Alarm alarm, List<Alarm> activeNow) {
        AlarmSources.Source source = sources.find(alarm.source()).orElse(null);
        if (source == null) {
            return false;
        }
        String agent = source.kind() == AlarmSources.Kind.SENSOR ? source.agent() : null;
        boolean roomMutes = source.room() != null && switch (source.kind()) {
            case SENSOR, RACK, AGENT -> true;
            default -> false;
        };
        return activeNow.stream().anyMatch(a -> agent != null && a.source().equals(agent) && a.type().equals(Presence.OFFLINE)
                || roomMutes && a.source().equals(source.room()));
    }

    /** Each channel's state, for the health endpoint. */
    public Map<String, Channel.Status> statuses() {
        Map<String, Channel.Status> all = new LinkedHashMap<>();
        channels.values().forEach(c -> all.put(c.config().id(), c.status()));
        return all;
    }

    public long inhibited() {
        return inhibited.get();
    }

    public boolean healthy() {
        return channels.values().stream().allMatch(c -> c.status().lastError() == null);
    }

    @Override
    public void close() {
        channels.values().forEach(Channel::close);
    }
}
