package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompositesConfigTest {
    @Test
    void unknownOperatorsAndBrokenReferencesAreReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SiteLoader().parse("bad.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                composites:
                  - {id: c1, room: hall, severity: critical, all: [{alarm: c4, atLeast: 0}]}  # c4's alarm: one this site raises
                  - {id: c2, severity: critical, xor: [{alarm: smoke}]}
                  - {id: c3, severity: major, any: [{sensor: nowhere, above: 1}, {alarm: x, sensor: y, below: 2}]}
                  - {id: c4, all: [{racksAtLeast: major, moreThan: 1.5}]}
                """));
        assertEquals(List.of(
                "bad.yaml:4:14: composites[0].room: unknown room 'hall'; known: r",
                "bad.yaml:4:64: composites[0].all[0].atLeast: must be at least 1",
                "bad.yaml:5:5: composites[1]: needs exactly one of all or any, with at least one condition",
                "bad.yaml:5:34: composites[1].xor: unknown key 'xor'; known: all, any, id, room, severity",
                "bad.yaml:6:38: composites[2].any[0].sensor: unknown sensor 'nowhere'; none is defined",
                "bad.yaml:6:66: composites[2].any[1]: a condition is one of: alarm (with atLeast), sensor (with above or below), racksAtLeast (with moreThan)",
                "bad.yaml:7:5: composites[3].severity: missing: critical, major, minor or warning",
                "bad.yaml:7:42: composites[3].all[0].moreThan: expected a share of the racks from 0 to below 1, e.g. 0.5"),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    /** A site with a UPS, smoke detectors, racks and a DRC: what the demo's failover policy watches. */
    private static final String SITE = """
            site: {id: s}
            rooms:
              - id: r
                sensors:
                  - {id: smoke-1, kind: smoke, agent: a, driver: {type: simulated}}
                  - {id: ups-status, kind: ups-status, agent: a, driver: {type: simulated}}
                  - {id: ups-runtime, kind: battery-runtime, agent: a, driver: {type: simulated}}
            agents: [{id: a, room: r}]
            racks: [{id: k, room: r, sensors: [{id: k-inlet, kind: temperature, agent: a, driver: {type: simulated}}]}]
            drcSites:
              - {id: d1, location: Makassar, priority: 1, probe: {tcp: "a.example:443"}, failover: [{mqtt: {topic: x}}]}
              - {id: d2, location: Jakarta, priority: 2, probe: {tcp: "b.example:443"}, failover: [{mqtt: {topic: y}}]}
            """;

    @Test
    void aConditionOnAnAlarmTypeNothingRaisesIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SiteLoader().parse("typo.yaml", SITE + """
                composites:
                  - {id: fire-confirmed, room: r, severity: critical, all: [{alarm: smok, atLeast: 2}]}
                failover:
                  triggers:
                    - {id: power-exhausted, all: [{alarm: ups-on-batery}, {sensor: ups-runtime, below: 600}]}
                    - {id: hot, any: [{alarm: humidity-high}, {alarm: power-high}]}
                """));
        String known = "agent-offline, data-gap, drc-unhealthy, failback-failed, failover-failed, fire-confirmed, no-data,"
                + " site-file-invalid, smoke, temperature-high, temperature-low, temperature-rising, ups-alarm, ups-bypass,"
                + " ups-communication-lost, ups-forced-shutdown, ups-low-battery, ups-off, ups-on-battery, ups-overload,"
                + " ups-replace-battery";
        assertEquals(List.of(
                "typo.yaml:14:62: composites[0].all[0].alarm: unknown alarm type 'smok' (did you mean smoke?); this site can raise: " + known,
                "typo.yaml:17:36: failover.triggers[0].all[0].alarm: unknown alarm type 'ups-on-batery' (did you mean ups-on-battery?);"
                        + " this site can raise: " + known,
                "typo.yaml:18:24: failover.triggers[1].any[0].alarm: unknown alarm type 'humidity-high'; there is no humidity sensor;"
                        + " this site can raise: " + known,
                "typo.yaml:18:48: failover.triggers[1].any[1].alarm: unknown alarm type 'power-high'; there is no power sensor;"
                        + " this site can raise: " + known),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void whatASiteCanRaiseDependsOnWhatItHolds() {
        SiteConfig site = new SiteLoader().parse("ok.yaml", SITE + """
                composites:
                  - {id: ups-exhaustion, room: r, severity: critical, all: [{alarm: ups-on-battery}, {sensor: ups-runtime, below: 600}]}
                failover:
                  triggers:
                    - {id: power, any: [{alarm: ups-exhaustion}, {alarm: ups-communication-lost}, {alarm: temperature-rising}]}
                """);
        Set<String> types = AlarmTypes.raisableBy(site);
        assertTrue(types.containsAll(List.of("ups-exhaustion", "ups-communication-lost", "smoke", "temperature-high",
                "agent-offline", "data-gap", "no-data", "drc-unhealthy", "failover-failed")), types.toString());
        assertFalse(types.contains("door-forced"), "no door");
        assertFalse(types.contains("humidity-high"), "no humidity sensor");
        assertFalse(types.contains("dew-point-high"), "no humidity sensor beside a temperature sensor");

        String withPower = SITE.replace("{id: k-inlet, kind: temperature", "{id: k-power, kind: power");
        ConfigException e = assertThrows(ConfigException.class, () -> new SiteLoader().parse("power.yaml", withPower + """
                composites: [{id: overload, severity: major, any: [{alarm: power-high}]}]
                """));
        assertTrue(e.getMessage().contains("unknown alarm type 'power-high'; no power sensor has a limit that raises it"
                + " (see thresholds.power)"), e.getMessage());
    }
}
