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
}
