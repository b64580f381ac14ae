package id.jaga.controller.alarm;

import id.jaga.config.Composite.Condition;
import id.jaga.config.Rack;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The facts that composite alarms and failover triggers are made of: active alarms of a type, a
 * sensor's current good value beyond a limit, or a share of a room's racks in alarm. Each can also
 * say what it saw, for the record of why something was decided.
 */
public final class Conditions {
    private final SiteConfig site;
    private final Function<String, Optional<Reading>> latest;
    private final Map<String, String> roomOf = new HashMap<>();
    private final Map<String, String> rackOf = new HashMap<>();

    public Conditions(SiteConfig site, Function<String, Optional<Reading>> latest) {
        this.site = site;
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

    /** Whether {@code all} (or, when empty, {@code any}) of the conditions hold within {@code room} (null: the site). */
    public boolean hold(List<Condition> all, List<Condition> any, String room, List<Alarm> active) {
        return all.isEmpty() ? any.stream().anyMatch(c -> holds(c, room, active))
                : all.stream().allMatch(c -> holds(c, room, active));
    }

    public boolean holds(Condition c, String room, List<Alarm> active) {
        if (c.alarm() != null) {
            return matching(c, room, active).size() >= (c.atLeast() == null ? 1 : c.atLeast());
        }
        if (c.sensor() != null) {
            Optional<Reading> r = good(c.sensor());
            return r.isPresent() && (c.above() != null ? r.get().value() > c.above() : r.get().value() < c.below());
        }
        List<Rack> racks = racks(room);
        return !racks.isEmpty() && (double) hotRacks(c, racks, active) / racks.size() > c.moreThan();
    }

    /** What a condition saw just now, e.g. "ups-runtime = 540.0 s (below 600.0)". */
    public String explain(Condition c, String room, List<Alarm> active) {
        if (c.alarm() != null) {
            List<String> seen = matching(c, room, active).stream()
                    .map(a -> a.source() + " " + a.severity().wire() + (a.lastValue() == null ? "" : " " + a.lastValue())).toList();
            return c.alarm() + " alarms: " + (seen.isEmpty() ? "none" : String.join(", ", seen));
        }
        if (c.sensor() != null) {
            return c.sensor() + " = " + good(c.sensor()).map(r -> r.value() + " " + r.unit()).orElse("no good reading")
                    + (c.above() != null ? " (above " + c.above() + ")" : " (below " + c.below() + ")");
        }
        List<Rack> racks = racks(room);
        return hotRacks(c, racks, active) + " of " + racks.size() + " racks at " + c.racksAtLeast().wire() + " or worse";
    }

    private List<Alarm> matching(Condition c, String room, List<Alarm> active) {
        return active.stream().filter(a -> a.type().equals(c.alarm()) && (room == null || room.equals(roomOf.get(a.source()))))
                .toList();
    }

    private Optional<Reading> good(String sensor) {
        return latest.apply(sensor).filter(x -> x.quality() == Quality.GOOD && x.value() != null);
    }

    private List<Rack> racks(String room) {
        return site.racks().stream().filter(r -> room == null || room.equals(r.room())).toList();
    }

    private long hotRacks(Condition c, List<Rack> racks, List<Alarm> active) {
        return racks.stream().filter(rack -> active.stream().anyMatch(a -> rack.id().equals(rackOf.get(a.source()))
                && !c.racksAtLeast().outranks(a.severity()))).count();
    }
}
