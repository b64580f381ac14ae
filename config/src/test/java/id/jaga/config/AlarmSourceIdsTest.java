package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An alarm names its source by id alone: what an alarm can be about must not share an id. */
class AlarmSourceIdsTest {
    private static final String RULE = "; the ids of the site, rooms, racks, agents, sensors, doors and DRC sites must all differ,"
            + " as an alarm names its source by id alone";

    @Test
    void aDoorNamedLikeItsRoomIsAnErrorNamingBothPlaces() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SiteLoader().parse("clash.yaml", """
                site: {id: dc}
                rooms:
                  - id: server-room
                    sensors:
                      - {id: door-main, kind: door, agent: pi, driver: {type: simulated}}
                agents:
                  - id: pi
                    room: server-room
                    outputs: [{id: lock-main, kind: lock, driver: {type: simulated}}]
                access:
                  doors:
                    - {id: server-room, room: server-room, agent: pi, contact: door-main, lock: lock-main}
                """));
        assertEquals(List.of("clash.yaml:12:8: access.doors[0].id: 'server-room' is also the id of a room (rooms[0].id, line 3)"
                + RULE), e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void everyKindOfAlarmSourceIsCheckedAgainstEveryOther() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SiteLoader().parse("clash.yaml", """
                site: {id: dc}
                rooms: [{id: dc}]
                agents: [{id: rack-1, room: dc}]
                racks:
                  - id: rack-1
                    room: dc
                    sensors: [{id: drc-a, kind: temperature, agent: rack-1, driver: {type: simulated}}]
                drcSites:
                  - {id: drc-a, location: Makassar, priority: 1, probe: {tcp: "a.example:443"}, failover: [{mqtt: {topic: x}}]}
                  - {id: drc-b, location: Jakarta, priority: 2, probe: {tcp: "b.example:443"}, failover: [{mqtt: {topic: y}}]}
                """));
        assertEquals(List.of(
                "clash.yaml:2:10: rooms[0].id: 'dc' is also the id of the site (site.id, line 1)" + RULE,
                "clash.yaml:5:5: racks[0].id: 'rack-1' is also the id of an agent (agents[0].id, line 3)" + RULE,
                "clash.yaml:9:6: drcSites[0].id: 'drc-a' is also the id of a sensor (racks[0].sensors[0].id, line 7)" + RULE),
                e.errors().stream().map(ConfigError::toString).toList());
    }
}
