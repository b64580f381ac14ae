package id.jaga.simulator.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.simulator.SimulatorDrivers;
import id.jaga.config.Broker;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.config.SiteLoader;
import id.jaga.config.Thresholds;
import id.jaga.controller.alarm.ThresholdRule;
import id.jaga.sensors.driver.SimulatedInputs;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LoadSiteTest {
    /** With every driver's own checks, as `jaga check` and the agent load a site file. */
    private static final SiteLoader LOADER = new SiteLoader(List.of(SimulatorDrivers.of(new SimulatedInputs()).siteCheck()));
    private static final Broker BROKER = new Broker(List.of("tcp://127.0.0.1:1883"), null, null, null, null);

    private static LoadSite site(int racks, int sensorsPerRack, boolean probe) {
        return new LoadSite("load", BROKER, racks, sensorsPerRack, Duration.ofSeconds(1), probe);
    }

    @ParameterizedTest(name = "{0} racks x {1} sensors")
    @CsvSource({"1, 1, 1", "5, 4, 1", "45, 6, 3", "1000, 20, 50"})
    void generatedSiteLoadsWithOneAgentPerRackAndTwentyRacksPerRoom(int racks, int sensorsPerRack, int rooms) {
        SiteConfig site = LOADER.parse("load.yaml", site(racks, sensorsPerRack, false).yaml());

        assertEquals(rooms, site.rooms().size());
        assertEquals(racks, site.racks().size());
        assertEquals(racks, site.agents().size());
        assertEquals((long) racks * sensorsPerRack, site.sensors().count());
        assertTrue(site.sensors().allMatch(p -> "simulated".equals(p.sensor().driverType())));
    }

    @Test
    void theLatencyProbeIsOneMoreAgentWithOneSensor() {
        SiteConfig site = LOADER.parse("load.yaml", site(5, 4, true).yaml());

        assertEquals(6, site.agents().size());
        assertEquals(21, site.sensors().count());
        assertEquals(LoadSite.PROBE_AGENT, site.sensor(LoadSite.PROBE_SENSOR).orElseThrow().sensor().agent());
    }

    @Test
    void everyRackHasTheMixOfARealRack() {
        SiteConfig site = LOADER.parse("load.yaml", site(1, 6, false).yaml());

        assertEquals(List.of("rack-0001-inlet-1", "rack-0001-outlet-1", "rack-0001-humidity-1", "rack-0001-power-1",
                "rack-0001-current-1", "rack-0001-voltage-1"), site.sensors().map(p -> p.sensor().id()).toList());
    }

    /** Five standard deviations of noise either way still breach no band, and not the rate-of-change limit either. */
    @Test
    void loadAloneRaisesNoAlarm() {
        SiteConfig site = LOADER.parse("load.yaml", site(40, 20, false).yaml());

        for (PlacedSensor placed : site.sensors().toList()) {
            Thresholds limits = site.thresholdsFor(placed);
            double nominal = ((Number) placed.sensor().driver().get("nominal")).doubleValue();
            double noise = ((Number) placed.sensor().driver().get("noise")).doubleValue();
            for (double value : new double[] {nominal - 5 * noise, nominal + 5 * noise}) {
                assertEquals(Optional.empty(), ThresholdRule.evaluate(value, limits), placed.sensor().id() + " at " + value);
            }
            if (limits.rise() != null) {
                assertTrue(10 * noise < limits.rise().by(), placed.sensor().id() + " noise " + noise);
            }
        }
    }

    @Test
    void theProbeReadsNormalAtRestAndCriticalAtOnceWhenDriven() {
        SiteConfig site = LOADER.parse("load.yaml", site(1, 1, true).yaml());
        PlacedSensor probe = site.sensor(LoadSite.PROBE_SENSOR).orElseThrow();
        Thresholds limits = site.thresholdsFor(probe);

        assertEquals(Optional.empty(), ThresholdRule.evaluate(LoadSite.PROBE_NORMAL, limits));
        assertEquals(Severity.CRITICAL, ThresholdRule.evaluate(LoadSite.PROBE_CRITICAL, limits).orElseThrow().severity());
        assertEquals(Duration.ZERO, limits.critical().hold(), "raised by the first critical reading");
    }
}
