package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The values a sensor may report: its kind's physical bounds, its rack's capacity, its own from the site file. */
class BoundsConfigTest {
    private final SiteLoader loader = new SiteLoader();

    @Test
    void aSensorGetsItsKindsBoundsItsRacksCapacityAndItsOwn() {
        SiteConfig site = loader.parse("bounds.yaml", """
                site: {id: s}
                rooms:
                  - id: r
                    sensors:
                      - {id: facility, kind: power, agent: a, driver: {type: simulated}}
                      - {id: door, kind: door, agent: a, driver: {type: simulated}}
                agents: [{id: a, room: r}]
                racks:
                  - id: rated
                    room: r
                    capacity: 6kW
                    sensors:
                      - {id: pdu, kind: power, agent: a, driver: {type: simulated}}
                      - {id: pdu-own, kind: power, agent: a, driver: {type: simulated}, bounds: {max: 20000}}
                      - {id: inlet, kind: temperature, agent: a, driver: {type: simulated}}
                      - {id: inlet-own, kind: temperature, agent: a, driver: {type: simulated}, bounds: {max: 60}}
                      - {id: freezer, kind: temperature, agent: a, driver: {type: simulated}, bounds: {min: -60, max: 10}}
                  - id: unrated
                    room: r
                    sensors:
                      - {id: pdu-2, kind: power, agent: a, driver: {type: simulated}}
                """);

        assertEquals(new Bounds(-10_000_000.0, 10_000_000.0), bounds(site, "facility"), "not on a rack: the documented ceiling");
        assertEquals(new Bounds(0.0, 1.0), bounds(site, "door"));
        assertEquals(new Bounds(0.0, 12_000.0), bounds(site, "pdu"), "twice the rack's 6 kW");
        assertEquals(new Bounds(0.0, 20_000.0), bounds(site, "pdu-own"), "its own max over the rack's");
        assertEquals(new Bounds(-10_000_000.0, 10_000_000.0), bounds(site, "pdu-2"), "a rack without a capacity");
        assertEquals(new Bounds(-40.0, 125.0), bounds(site, "inlet"));
        assertEquals(new Bounds(-40.0, 60.0), bounds(site, "inlet-own"), "the minimum it leaves out stays the kind's");
        assertEquals(new Bounds(-60.0, 10.0), bounds(site, "freezer"), "wider than the kind's as well as narrower");
    }

    @Test
    void everyKindHasFiniteBoundsExceptTheUpsStatusText() {
        for (SensorKind kind : SensorKind.values()) {
            Bounds b = Bounds.of(kind);
            assertEquals(kind != SensorKind.UPS_STATUS, Double.isFinite(b.min()) && Double.isFinite(b.max()), kind.wire());
        }
    }

    @Test
    void badBoundsAreReportedWithFileLineAndField() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("bad.yaml", """
                site: {id: s}
                rooms:
                  - id: r
                    sensors:
                      - {id: door, kind: door, agent: a, driver: {type: simulated}, bounds: {min: 0, max: 1}}
                      - {id: ups, kind: ups-status, agent: a, driver: {type: simulated}, bounds: {max: 5}}
                agents: [{id: a, room: r}]
                racks:
                  - id: k
                    room: r
                    capacity: 6kW
                    sensors:
                      - {id: t1, kind: temperature, agent: a, driver: {type: simulated}, bounds: {min: 60, max: -10}}
                      - {id: h1, kind: humidity, agent: a, driver: {type: simulated}, bounds: {min: 120}}
                      - {id: p1, kind: power, agent: a, driver: {type: simulated}, bounds: {min: 13000}}
                      - {id: t2, kind: temperature, agent: a, driver: {type: simulated}, bounds: {min: cold}}
                      - {id: t3, kind: temperature, agent: a, driver: {type: simulated}, bounds: {low: 5}}
                      - {id: t4, kind: temperature, agent: a, driver: {type: simulated}, bounds: {max: 1e999}}
                      - {id: t5, kind: temperature, agent: a, driver: {type: simulated}, bounds: [0, 60]}
                """));
        List<String> lines = e.errors().stream().map(ConfigError::toString).toList();
        assertEquals(List.of(
                "bad.yaml:5:69: rooms[0].sensors[0].bounds: bounds do not apply to door (a contact reports 0 or 1)",
                "bad.yaml:6:74: rooms[0].sensors[1].bounds: bounds do not apply to ups-status (text, not a number)",
                "bad.yaml:13:74: racks[0].sensors[0].bounds: min 60.0 must be below max -10.0",
                "bad.yaml:14:80: racks[0].sensors[1].bounds.min: min 120.0 must be below max 100.0 (the humidity default,"
                        + " as max is not set)",
                "bad.yaml:15:77: racks[0].sensors[2].bounds.min: min 13000.0 must be below max 12000.0 (twice the rack's"
                        + " capacity, as max is not set)",
                "bad.yaml:16:88: racks[0].sensors[3].bounds.min: 'cold' is not a number",
                "bad.yaml:17:83: racks[0].sensors[4].bounds.low: unknown key 'low'; known: max, min",
                "bad.yaml:18:83: racks[0].sensors[5].bounds.max: must be a finite number",
                "bad.yaml:19:82: racks[0].sensors[6].bounds: expected a mapping of keys (Bounds), found a list"),
                lines);
    }

    private static Bounds bounds(SiteConfig site, String sensor) {
        return site.boundsFor(site.sensor(sensor).orElseThrow());
    }
}
