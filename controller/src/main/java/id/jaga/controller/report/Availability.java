package id.jaga.controller.report;

import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.controller.alarm.Alarm;
import id.jaga.controller.alarm.AlarmSources;
import id.jaga.controller.alarm.AlarmStore;
import id.jaga.controller.green.Period;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Availability per room: the share of the period without an active CRITICAL alarm there. An
 * incident is a stretch of time in which the room had at least one; overlapping alarms are one
 * incident. Alarms whose source belongs to no room (a DRC, the site file) count for the site only.
 */
public final class Availability {
    public static final String SITE = "site";

    private final AlarmStore alarms;
    private final SiteConfig site;
    private final AlarmSources sources;
    private final Clock clock;

    public Availability(AlarmStore alarms, SiteConfig site, Clock clock) {
        this(alarms, site, new AlarmSources(site), clock);
    }

    public Availability(AlarmStore alarms, SiteConfig site, AlarmSources sources, Clock clock) {
        this.alarms = alarms;
        this.site = site;
        this.sources = sources;
        this.clock = clock;
    }

    /** One alarm occurrence that was CRITICAL in the period, with its full history. */
    public record Incident(long alarmId, String room, String source, String type, String message, Instant raisedAt,
                           Instant clearedAt, Duration criticalFor, List<AlarmStore.Change> timeline) {
    }

    /** {@code availability}: 0 to 1; {@code incidents}: merged stretches with a CRITICAL alarm. */
    public record Room(String room, double availability, int incidents, Duration criticalFor) {
    }

    public record Result(List<Room> rooms, List<Incident> incidents) {
    }

    public Result over(Period p) throws SQLException {
        Instant end = min(p.to(), clock.instant());
        List<Incident> incidents = new ArrayList<>();
        Map<String, List<Instant[]>> byRoom = new HashMap<>();
        for (Alarm a : alarms.activeBetween(p.from(), p.to())) {
            List<AlarmStore.Change> timeline = alarms.history(a.id());
            List<Instant[]> critical = criticalStretches(timeline, p.from(), end);
            if (critical.isEmpty()) {
                continue;
            }
            String room = roomOf(a.source()).orElse(SITE);
            byRoom.computeIfAbsent(room, k -> new ArrayList<>()).addAll(critical);
            byRoom.computeIfAbsent(SITE, k -> new ArrayList<>()).addAll(critical);
            incidents.add(new Incident(a.id(), room, a.source(), a.type(), a.message(), a.raisedAt(), a.clearedAt(),
                    total(critical), timeline));
        }
        long elapsed = p.elapsedSeconds(clock.instant());
        List<Room> rooms = new ArrayList<>();
        List<String> ids = new ArrayList<>(site.rooms().stream().map(id.jaga.config.Room::id).toList());
        ids.add(SITE);
        for (String room : ids) {
            List<Instant[]> merged = merge(byRoom.getOrDefault(room, List.of()));
            Duration down = total(merged);
            rooms.add(new Room(room, elapsed == 0 ? 1 : 1 - Math.min(1, (double) down.toSeconds() / elapsed), merged.size(), down));
        }
        return new Result(rooms, incidents);
    }

    /** Where the alarm's source is: a room itself, or a sensor, rack, agent, door or camera in one. */
    private Optional<String> roomOf(String source) {
        return sources.roomOf(source);
    }

    /** From each change to CRITICAL to the next change away from it or the clearing, clipped to [from, end). */
    static List<Instant[]> criticalStretches(List<AlarmStore.Change> timeline, Instant from, Instant end) {
        List<Instant[]> stretches = new ArrayList<>();
        Instant since = null;
        for (AlarmStore.Change c : timeline) {
            boolean critical = c.severity() == Severity.CRITICAL && !"cleared".equals(c.change());
            if (critical && since == null) {
                since = c.ts();
            } else if (!critical && since != null) {
                add(stretches, since, c.ts(), from, end);
                since = null;
            }
        }
        if (since != null) {
            add(stretches, since, end, from, end);
        }
        return stretches;
    }

    private static void add(List<Instant[]> stretches, Instant a, Instant b, Instant from, Instant end) {
        Instant s = a.isBefore(from) ? from : a;
        Instant e = min(b, end);
        if (s.isBefore(e)) {
            stretches.add(new Instant[] {s, e});
        }
    }

    static List<Instant[]> merge(List<Instant[]> stretches) {
        List<Instant[]> sorted = new ArrayList<>(stretches);
        sorted.sort(Comparator.comparing(s -> s[0]));
        List<Instant[]> merged = new ArrayList<>();
        for (Instant[] s : sorted) {
            Instant[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !s[0].isAfter(last[1])) {
                last[1] = s[1].isAfter(last[1]) ? s[1] : last[1];
            } else {
                merged.add(new Instant[] {s[0], s[1]});
            }
        }
        return merged;
    }

    private static Duration total(List<Instant[]> stretches) {
        return stretches.stream().map(s -> Duration.between(s[0], s[1])).reduce(Duration.ZERO, Duration::plus);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
