package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Threshold bands with durations and clear limits, overridden site -> room -> rack -> sensor. */
class ThresholdsConfigTest {
    private final SiteLoader loader = new SiteLoader();

    @Test
    void eachLevelOverridesOnlyWhatItSets() {
        SiteConfig site = loader.parse("levels.yaml", """
                site: {id: s}
                thresholds:
                  temperature:
                    warning: {high: 27, clearHigh: 26, for: 5m}
                rooms:
                  - id: r
                    thresholds: {temperature: {warning: {for: 10m}}}
                agents: [{id: a, room: r}]
                racks:
                  - id: k
                    room: r
                    thresholds: {temperature: {warning: {high: 25, clearHigh: 24}}}
                    sensors:
                      - {id: t1, kind: temperature, agent: a, driver: {type: simulated}}
                      - {id: t2, kind: temperature, agent: a, driver: {type: simulated}, thresholds: {critical: {high: 30}}}
                """);

        Limits t1 = site.thresholdsFor(site.sensor("t1").orElseThrow()).warning();
        assertEquals(new Limits(18.0, 25.0, Duration.ofMinutes(10), null, 24.0), t1, "default low, room duration, rack limits");
        Thresholds t2 = site.thresholdsFor(site.sensor("t2").orElseThrow());
        assertEquals(30.0, t2.critical().high());
        assertEquals(15.0, t2.critical().low(), "the sensor overrides the critical high only");
        assertEquals(t1, t2.warning());
    }

    @Test
    void clearLimitsOnTheWrongSideAreErrors() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("wrong.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                thresholds:
                  temperature:
                    warning: {low: 18, high: 27, clearHigh: 28, clearLow: 17}
                  humidity:
                    warning: {high: 60, for: 0s}
                """));
        List<String> lines = e.errors().stream().map(ConfigError::toString).toList();
        assertEquals(List.of(
                "wrong.yaml:5:34: thresholds.temperature.warning.clearHigh: clearHigh 28.0 must be at or below high 27.0: an alarm clears on the way back down",
                "wrong.yaml:5:49: thresholds.temperature.warning.clearLow: clearLow 17.0 must be at or above low 18.0: an alarm clears on the way back up"),
                lines);
    }

    @Test
    void aRackWarningAboveTheBuiltInCriticalIsAnErrorAtTheRack() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("merged.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                agents: [{id: a, room: r}]
                racks:
                  - id: k
                    room: r
                    thresholds: {temperature: {warning: {high: 35}}}
                    sensors:
                      - {id: t1, kind: temperature, agent: a, driver: {type: simulated}}
                      - {id: t2, kind: temperature, agent: a, driver: {type: simulated}}
                """));
        assertEquals(List.of("merged.yaml:7:42: racks[0].thresholds.temperature.warning.high: warning high 35.0 is above"
                        + " critical high 32.0 (the built-in temperature default); a lower severity must trip first"),
                e.errors().stream().map(ConfigError::toString).toList(), "once, not once per sensor");
    }

    @Test
    void limitsAreCheckedAfterEveryOverrideNamingBothBlocks() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("merged.yaml", """
                site: {id: s}
                thresholds:
                  temperature:
                    critical: {high: 30}
                  humidity:
                    warning: {high: 85, clearHigh: 84}
                rooms:
                  - id: r
                    thresholds: {temperature: {major: {low: 16}, warning: {high: 29}}}
                agents: [{id: a, room: r}]
                racks:
                  - id: k
                    room: r
                    thresholds: {humidity: {critical: {high: 90}}}
                    sensors:
                      - {id: t, kind: temperature, agent: a, driver: {type: simulated}, thresholds: {warning: {high: 31, low: 9}}}
                      - {id: h, kind: humidity, agent: a, driver: {type: simulated}, thresholds: {warning: {high: 50}}}
                      - {id: h2, kind: humidity, agent: a, driver: {type: simulated}, thresholds: {warning: {clearHigh: 59}}}
                """));
        assertEquals(List.of(
                // the site's own humidity warning against the built-in critical of 80
                "merged.yaml:6:15: thresholds.humidity.warning.high: warning high 85.0 is above critical high 80.0"
                        + " (the built-in humidity default); a lower severity must trip first",
                // a sensor's warning against the site's critical, across a room whose major has no high
                "merged.yaml:16:96: racks[0].sensors[0].thresholds.warning.high: warning high 31.0 is above critical high 30.0"
                        + " (thresholds.temperature.critical.high, line 4); a lower severity must trip first",
                // and its low against the room's major low, and the built-in critical low
                "merged.yaml:16:106: racks[0].sensors[0].thresholds.warning.low: warning low 9.0 is below critical low 15.0"
                        + " (the built-in temperature default); a lower severity must trip first",
                "merged.yaml:16:106: racks[0].sensors[0].thresholds.warning.low: warning low 9.0 is below major low 16.0"
                        + " (rooms[0].thresholds.temperature.major.low, line 9); a lower severity must trip first",
                // a clear limit above the high in force: the sensor's own high is below the site's clearHigh
                "merged.yaml:17:93: racks[0].sensors[1].thresholds.warning.high: warning high 50.0 must be at or above"
                        + " warning clearHigh 84.0 (thresholds.humidity.warning.clearHigh, line 6): an alarm clears on the way back down"),
                e.errors().stream().map(ConfigError::toString).toList());
    }
}
