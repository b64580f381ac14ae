package id.jaga.controller.alarm;

import id.jaga.config.Composite;
import id.jaga.config.Composite.Condition;
import id.jaga.config.Rack;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The site file's composite alarms, e.g. "on battery AND runtime below 10 min", "two smoke
 * detectors in the same room", "more than half the racks of a room above MAJOR". Evaluated after
 * each message and each presence check; a composite's alarm has its id as type and its room (or the
 * site) as source.
 */
public final class CompositeRules {
    private final SiteConfig site;
    private final AlarmService alarms;
    private final Function<String, Optional<Reading>> latest;
    private final Map<String, String> roomOf = new HashMap<>();
    private final Map<String, String> rackOf = new HashMap<>();

    public CompositeRules(SiteConfig site, AlarmService alarms, Function<String, Optional<Reading>> latest) {
        this.site = site;
        this.alarms = alarms;
        this.latest = latest;
        site.sensors().forEach(p -> {
            roomOf.put(p.sensor().id(), p.room());
            if (p.rack() != null) {
                rackOf.put(p.sensor().id(), p.rack());
            }
        });
        site.agents().forEach(a -> roomOf.put(a.id(), a.room()));
        site.rooms().forEach(r -> roomOf.put(r.id(), r.id()));
    }

    public void evaluate() throws SQLException {
        if (site.composites().isEmpty()) {
            return;
        }
        List<Alarm> active = alarms.activeAlarms();
        for (Composite c : site.composites()) {
            boolean holds = c.all().isEmpty()
                    ? c.any().stream().anyMatch(x -> holds(x, c.room(), active))
                    : c.all().stream().allMatch(x -> holds(x, c.room(), active));
            String source = c.room() != null ? c.room() : site.site().id();
            alarms.condition(source, c.id(), holds ? c.severity() : null, "composite " + c.id() + " holds in " + source, null);
        }
    }

    private boolean holds(Condition c, String room, List<Alarm> active) {
        if (c.alarm() != null) {
            long count = active.stream().filter(a -> a.type().equals(c.alarm()) && inRoom(a.source(), room)).count();
            return count >= (c.atLeast() == null ? 1 : c.atLeast());
        }
        if (c.sensor() != null) {
            Optional<Reading> r = latest.apply(c.sensor()).filter(x -> x.quality() == Quality.GOOD && x.value() != null);
            return r.isPresent() && (c.above() != null ? r.get().value() > c.above() : r.get().value() < c.below());
        }
        List<Rack> racks = site.racks().stream().filter(r -> room == null || room.equals(r.room())).toList();
        if (racks.isEmpty()) {
            return false;
        }
        long hot = racks.stream().filter(rack -> active.stream().anyMatch(a -> rack.id().equals(rackOf.get(a.source()))
                && !c.racksAtLeast().outranks(a.severity()))).count();
        return (double) hot / racks.size() > c.moreThan();
    }

    private boolean inRoom(String source, String room) {
        return room == null || room.equals(roomOf.get(source));
    }
}
