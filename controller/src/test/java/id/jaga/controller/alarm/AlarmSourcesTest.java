package id.jaga.controller.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.jaga.config.Access;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The one answer to "which room is this alarm in", for every kind of source an alarm can have. */
public class AlarmSourcesTest {
    /** Two rooms, each with what can raise an alarm in it; a DRC and the site itself in no room. */
    public static final String SITE = """
            site: {id: dc}
            rooms:
              - id: server-room
                sensors:
                  - {id: ups-status, kind: ups-status, agent: pi-1, driver: {type: simulated}}
                  - {id: door-main, kind: door, agent: pi-1, driver: {type: simulated}}
                  - {id: smoke-1, kind: smoke, agent: pi-1, driver: {type: simulated}}
              - id: noc-room
                sensors:
                  - {id: door-noc, kind: door, agent: pi-2, driver: {type: simulated}}
            agents:
              - id: pi-1
                room: server-room
                outputs: [{id: lock-main, kind: lock, driver: {type: simulated}}]
              - id: pi-2
                room: noc-room
                outputs: [{id: lock-noc, kind: lock, driver: {type: simulated}}]
            racks:
              - id: rack-1
                room: server-room
                sensors: [{id: inlet, kind: temperature, agent: pi-1, driver: {type: simulated}}]
            drcSites:
              - {id: drc-a, location: Makassar, priority: 1, probe: {url: "http://127.0.0.1:1/health"},
                 failover: [{http: {url: "http://127.0.0.1:1/gslb"}}]}
              - {id: drc-b, location: Jakarta, priority: 2, probe: {url: "http://127.0.0.1:1/health"},
                 failover: [{http: {url: "http://127.0.0.1:1/gslb"}}]}
            composites:
              - {id: cooling-failure, room: server-room, severity: critical, any: [{alarm: temperature-high, atLeast: 2}]}
            access:
              doors:
                - {id: server-door, room: server-room, agent: pi-1, contact: door-main, lock: lock-main, camera: cam-server}
                - {id: noc-door, room: noc-room, agent: pi-2, contact: door-noc, lock: lock-noc}
              cameras: [{id: cam-server, snapshotUrl: "http://127.0.0.1:1/snapshot.jpg"}]
            """;

    private final SiteConfig site = new SiteLoader().parse("sources.yaml", SITE);

    @Test
    void everyKindOfSourceHasItsRoom() {
        AlarmSources sources = new AlarmSources(site);
        assertEquals(Optional.of("server-room"), sources.roomOf("inlet"), "a rack's sensor");
        assertEquals(Optional.of("server-room"), sources.roomOf("ups-status"), "a room's sensor: the UPS");
        assertEquals(Optional.of("server-room"), sources.roomOf("rack-1"), "a rack");
        assertEquals(Optional.of("server-room"), sources.roomOf("pi-1"), "an agent (offline, data gaps)");
        assertEquals(Optional.of("server-room"), sources.roomOf("server-room"), "the room itself (its composites)");
        assertEquals(Optional.of("server-room"), sources.roomOf("server-door"), "a door (forced, held open, tamper)");
        assertEquals(Optional.of("server-room"), sources.roomOf("cam-server"), "a camera, by the door it watches");
        assertEquals(Optional.of("noc-room"), sources.roomOf("noc-door"));
        assertEquals(Optional.empty(), sources.roomOf("drc-a"), "a DRC is in no room");
        assertEquals(Optional.empty(), sources.roomOf("dc"), "nor is the site");
        assertEquals(Optional.empty(), sources.roomOf("gone"), "nor something no longer in the site file");
        assertEquals(AlarmSources.Kind.DOOR, sources.find("server-door").orElseThrow().kind());
        assertEquals(Optional.of("rack-1"), sources.rackOf("inlet"));
        assertEquals(Set.of("server-room", "ups-status", "door-main", "smoke-1", "pi-1", "rack-1", "inlet", "server-door",
                "cam-server"), sources.sourcesIn("server-room"));
    }

    @Test
    void doorsFollowTheAccessRulesInForce() {
        AtomicReference<Access> inForce = new AtomicReference<>(site.access());
        AlarmSources sources = new AlarmSources(site, inForce::get);
        assertEquals(Optional.of("noc-room"), sources.roomOf("noc-door"));

        Access reloaded = new SiteLoader().parse("sources.yaml", SITE.replace("- {id: noc-door, room: noc-room",
                "- {id: noc-door-2, room: noc-room")).access();
        inForce.set(reloaded);
        assertEquals(Optional.of("noc-room"), sources.roomOf("noc-door-2"), "a door added by a reload");
        assertEquals(Optional.empty(), sources.roomOf("noc-door"), "and the one it replaced is gone");
    }
}
