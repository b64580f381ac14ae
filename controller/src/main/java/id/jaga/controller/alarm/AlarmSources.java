package id.jaga.controller.alarm;

import id.jaga.config.Access;
import id.jaga.config.Agent;
import id.jaga.config.Camera;
import id.jaga.config.Door;
import id.jaga.config.DrcSite;
import id.jaga.config.Rack;
import id.jaga.config.Room;
import id.jaga.config.SiteConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What each thing that can be an alarm's source is, and which room it is in: the one answer for
 * notifications limited by {@code rooms:}, composite conditions and failover triggers within a
 * room, the alarm list's room filter, the console and the reports. A source is a room itself (a
 * composite's alarm), a sensor (thresholds, smoke, UPS, dew point, no data), a rack, an agent
 * (offline, data gaps), a door (forced, held open, tamper), a camera (the room of the doors it
 * watches), a DRC or the site (in no room). Doors and cameras come from the access rules in force,
 * which a reload of the site file may change.
 */
public final class AlarmSources {
    public enum Kind { ROOM, SENSOR, RACK, AGENT, DOOR, CAMERA, DRC, SITE }

    /** One source: its kind, its room (null: the whole site), and for a sensor its rack (or null) and agent. */
    public record Source(String id, Kind kind, String room, String rack, String agent) {
    }

    private final SiteConfig site;
    private final Supplier<Access> access;
    private volatile Index index;

    /** With the doors and cameras of the site file. */
    public AlarmSources(SiteConfig site) {
        this(site, site::access);
    }

    /** With the doors and cameras of the access rules in force at each question (e.g. reloaded from the file). */
    public AlarmSources(SiteConfig site, Supplier<Access> access) {
        this.site = site;
        this.access = access;
    }

    public Optional<Source> find(String source) {
        return Optional.ofNullable(index().byId.get(source));
    }

    /** The room a source is in; empty for the site, a DRC, or a source that is no longer in the site file. */
    public Optional<String> roomOf(String source) {
        return find(source).map(Source::room);
    }

    /** The rack of a rack-mounted sensor, or the rack itself. */
    public Optional<String> rackOf(String source) {
        return find(source).map(Source::rack);
    }

    /** Every source in a room, the room included. */
    public Set<String> sourcesIn(String room) {
        return index().byRoom.getOrDefault(room, Set.of(room));
    }

    private Index index() {
        Access current = access.get();
        Index known = index;
        if (known == null || known.access != current) {
            known = new Index(site, current);
            index = known;
        }
        return known;
    }

    /** The sources of one version of the access rules; ids are unique across kinds, a clash is taken in the order below. */
    private static final class Index {
        private final Access access;
        private final Map<String, Source> byId = new HashMap<>();
        private final Map<String, Set<String>> byRoom = new HashMap<>();

        Index(SiteConfig site, Access access) {
            this.access = access;
            for (Room room : site.rooms()) {
                add(new Source(room.id(), Kind.ROOM, room.id(), null, null));
            }
            site.sensors().forEach(p -> add(new Source(p.sensor().id(), Kind.SENSOR, p.room(), p.rack(), p.sensor().agent())));
            for (Rack rack : site.racks()) {
                add(new Source(rack.id(), Kind.RACK, rack.room(), rack.id(), null));
            }
            for (Agent agent : site.agents()) {
                add(new Source(agent.id(), Kind.AGENT, agent.room(), null, null));
            }
            Access rules = access == null ? Access.NONE : access;
            Map<String, Set<String>> cameraRooms = new HashMap<>();
            for (Door door : rules.doors()) {
                if (door == null) {
                    continue;
                }
                add(new Source(door.id(), Kind.DOOR, door.room(), null, door.agent()));
                if (door.camera() != null && door.room() != null) {
                    cameraRooms.computeIfAbsent(door.camera(), k -> new HashSet<>()).add(door.room());
                }
            }
            for (Camera camera : rules.cameras()) {
                if (camera == null) {
                    continue;
                }
                Set<String> rooms = cameraRooms.getOrDefault(camera.id(), Set.of());
                add(new Source(camera.id(), Kind.CAMERA, rooms.size() == 1 ? rooms.iterator().next() : null, null, null));
            }
            for (DrcSite drc : site.drcSites()) {
                add(new Source(drc.id(), Kind.DRC, null, null, null));
            }
            add(new Source(site.site().id(), Kind.SITE, null, null, null));
            byRoom.replaceAll((room, sources) -> Set.copyOf(sources));
        }

        private void add(Source source) {
            if (source.id() == null || byId.putIfAbsent(source.id(), source) != null) {
                return;
            }
            if (source.room() != null) {
                byRoom.computeIfAbsent(source.room(), r -> new HashSet<>(List.of(r))).add(source.id());
            }
        }
    }
}
