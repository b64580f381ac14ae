package id.jaga.controller.alarm;

import id.jaga.config.Composite.Condition;
import id.jaga.config.Rack;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.util.List;
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
    private final AlarmSources sources;

    public Conditions(SiteConfig site, Function<String, Optional<Reading>> latest) {
        this(site, new AlarmSources(site), latest);
    }

    /** {@code sources}: which room an alarm is in, whatever its source (a sensor, a door, a room's own composite...). */
    public Conditions(SiteConfig site, AlarmSources sources, Function<String, Optional<Reading>> latest) {
        this.site = site;
        this.sources = sources;
        this.latest = latest;
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
        return active.stream().filter(a -> a.type().equals(c.alarm())
                && (room == null || sources.roomOf(a.source()).filter(room::equals).isPresent())).toList();
    }

    private Optional<Reading> good(String sensor) {
        return latest.apply(sensor).filter(x -> x.quality() == Quality.GOOD && x.value() != null);
    }

    private List<Rack> racks(String room) {
        return site.racks().stream().filter(r -> room == null || room.equals(r.room())).toList();
    }

    private long hotRacks(Condition c, List<Rack> racks, List<Alarm> active) {
        return racks.stream().filter(rack -> active.stream().anyMatch(a -> sources.rackOf(a.source()).filter(rack.id()::equals).isPresent()
                && !c.racksAtLeast().outranks(a.severity()))).count();
    }
}
