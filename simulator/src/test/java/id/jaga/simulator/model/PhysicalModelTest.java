package id.jaga.simulator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.simulator.SimulatorDrivers;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.driver.Drivers;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model against values worked out by hand; readings go through the real simulated driver. */
class PhysicalModelTest {
    private static final Instant START = Instant.parse("2026-03-02T01:00:00Z");
    /** Two racks of 4000 W and 2600 W (6600 W of IT) in a 720 kJ/K room held at 20 C by one 10 kW unit of COP 3. */
    private static final String SITE = """
            site: {id: lab}
            rooms:
              - id: room-1
                sensors:
                  - {id: smoke-1, kind: smoke, agent: pi, driver: {type: simulated}}
                  - {id: smoke-2, kind: smoke, agent: pi, driver: {type: simulated}}
                  - {id: door-1, kind: door, agent: pi, driver: {type: simulated}}
                  - {id: ups-status, kind: ups-status, agent: pi, driver: {type: simulated}}
                  - {id: ups-charge, kind: battery-charge, agent: pi, driver: {type: simulated}}
                  - {id: ups-runtime, kind: battery-runtime, agent: pi, driver: {type: simulated}}
                  - {id: mains, kind: mains-voltage, agent: pi, driver: {type: simulated}}
                  - {id: facility-energy, kind: energy, agent: pi, driver: {type: simulated}}
            agents: [{id: pi, room: room-1}]
            racks:
              - id: rack-1
                room: room-1
                sensors:
                  - {id: rack-1-inlet, kind: temperature, agent: pi, driver: {type: simulated, nominal: 20, noise: 0.2}}
                  - {id: rack-1-outlet, kind: temperature, agent: pi, driver: {type: simulated, nominal: 32}}
                  - {id: rack-1-humidity, kind: humidity, agent: pi, driver: {type: simulated, nominal: 50}}
                  - {id: rack-1-power, kind: power, agent: pi, driver: {type: simulated, nominal: 4000}}
              - id: rack-2
                room: room-1
                sensors:
                  - {id: rack-2-power, kind: power, agent: pi, driver: {type: simulated, nominal: 2600}}
            model:
              seed: 7
              smokeSpreadAfter: 30s
              ups: {ratedW: 10000, batteryWh: 3000, efficiency: 0.95, peukert: 1.2, lowBatteryPercent: 20, lowRuntime: 2m}
              rooms:
                - {id: room-1, thermalMassJPerK: 720000, supplyC: 20, humidityPercent: 50, lightingW: 120,
                   cooling: [{id: crac-1, capacityKw: 10, cop: 3}]}
              sensors: [{id: rack-1-outlet, position: outlet}]
            """;

    private static final SiteLoader LOADER = new SiteLoader(List.of(SimulatorDrivers.of(new SimulatedInputs()).siteCheck()));
    private final SimulatedInputs inputs = new SimulatedInputs();
    private final Drivers drivers = SimulatorDrivers.of(inputs);

    private static SiteConfig site(String yaml) {
        return LOADER.parse("lab.yaml", yaml);
    }

    private PhysicalModel model(String yaml) {
        return new PhysicalModel(site(yaml), inputs, START);
    }

    private Reading read(SiteConfig site, String sensor) {
        return drivers.open(site.sensor(sensor).orElseThrow().sensor()).read(START);
    }

    @Test
    void withoutCoolingTheRoomWarmsByHeatTimesTimeOverThermalMass() {
        PhysicalModel model = model(SITE);
        model.advance(Duration.ofMinutes(5));
        assertEquals(20.0, model.room("room-1").temperatureC(), 1e-9, "10 kW of cooling holds 6.72 kW of heat at the set point");

        model.coolingUnit("crac-1").fail();
        model.advance(Duration.ofMinutes(10));
        // heat = 6600 W IT + 120 W lights = 6720 W; 6720 W x 600 s / 720,000 J/K = 5.6 K: 20 + 5.6 = 25.6 C
        assertEquals(25.6, model.room("room-1").temperatureC(), 1e-9);
        // outlet = inlet + 4000 W / (airflow x 1206 J/(m3 K)), airflow sized for 12 K at 4000 W: 25.6 + 12 = 37.6 C
        assertEquals(37.6, read(site(SITE), "rack-1-outlet").value(), 1e-9);
        assertEquals(0.0, model.room("room-1").coolingPowerW());

        model.coolingUnit("crac-1").restore();
        model.advance(Duration.ofMinutes(2));
        // full 10 kW against 6720 W: cools 3280 W x 120 s / 720,000 J/K = 0.5467 K: 25.6 - 0.5467 = 25.0533 C
        assertEquals(25.6 - 3280.0 * 120 / 720_000, model.room("room-1").temperatureC(), 1e-9);
    }

    @Test
    void relativeHumidityFallsAsTheAirWarmsAndTheDewPointStays() {
        PhysicalModel model = model(SITE);
        double dewPoint = model.room("room-1").dewPointC();
        // Magnus: 50 % at 20 C is e = 0.5 x 23.326 hPa = 11.663 hPa, whose dew point is 9.26 C
        assertEquals(9.26, dewPoint, 0.01);
        model.coolingUnit("crac-1").fail();
        model.advance(Duration.ofMinutes(10)); // 25.6 C as above
        // the same 11.663 hPa at 25.6 C (saturation 32.748 hPa) is 35.61 %
        assertEquals(35.6, read(site(SITE), "rack-1-humidity").value(), 0.1);
        assertEquals(dewPoint, model.room("room-1").dewPointC(), 1e-12);
    }

    @Test
    void upsRuntimeFollowsPeukertAtTheLoadAndTheCharge() {
        PhysicalModel model = model(SITE.replace("lowRuntime: 2m}", "lowRuntime: 2m, chargePercent: 50}"));
        // draw = 6600 W / 0.95 = 6947.37 W; full runtime = 1 h x (3000 / 6947.37) ^ 1.2 = 0.36506 h = 1314.2 s;
        // at 50 % charge: 657.1 s
        assertEquals(657.1, model.ups().runtimeSeconds(), 0.1);
        assertEquals("OL CHRG", model.ups().status());

        model.mains().outage();
        model.advance(Duration.ofSeconds(60));
        // a steady load drains the runtime second for second: 657.1 - 60 = 597.1 s; charge 50 % x 597.1 / 657.1 = 45.43 %
        assertEquals(597.1, model.ups().runtimeSeconds(), 0.1);
        assertEquals(45.43, model.ups().chargePercent(), 0.01);
        assertEquals("OB DISCHRG", read(site(SITE), "ups-status").text());
        assertEquals(0.0, read(site(SITE), "mains").value());

        model.advance(Duration.ofSeconds(480)); // 117.1 s left: under the 2 min low-runtime mark
        assertEquals("OB DISCHRG LB", model.ups().status());
        model.advance(Duration.ofSeconds(120)); // empty: the UPS switches off and the racks lose power
        assertEquals("OFF OB", model.ups().status());
        assertEquals(0.0, model.itPowerW());

        model.mains().restore();
        model.advance(Duration.ofSeconds(1));
        assertEquals("OL CHRG", model.ups().status());
        assertEquals(6600.0, model.itPowerW());
    }

    @Test
    void pueIsFacilityOverItEnergy() {
        PhysicalModel model = model(SITE);
        model.advance(Duration.ofHours(1));
        // IT 6600 W; UPS input 6600 / 0.95 = 6947.37 W; cooling removes 6600 + 120 W of lights at COP 3: 2240 W;
        // facility = 6947.37 + 2240 + 120 = 9307.37 W. Over one hour: 6.6 kWh IT, 9.30737 kWh facility, PUE 1.41021
        assertEquals(6.6, model.itEnergyKwh(), 1e-9);
        assertEquals(4.0, model.rack("rack-1").itEnergyKwh(), 1e-9);
        assertEquals(9.307368, model.facilityEnergyKwh(), 1e-6);
        assertEquals(1.410207, model.pue(), 1e-6);
        assertEquals(9.307, read(site(SITE), "facility-energy").value());
    }

    /**
     * A 10-minute mains outage an hour in: the racks run from the battery and the facility meter
     * reads nothing, so PUE leaves that time out (the demo printed "PUE 0.42" after it). After mains
     * returns the facility meter takes in the racks, the recharge and the cooling catching up, which
     * do count: PUE over the time on mains is above the steady 1.41, never below 1.
     */
    @Test
    void pueLeavesTheTimeOnBatteryOutAndCountsTheRecharge() {
        PhysicalModel model = model(SITE);
        model.advance(Duration.ofHours(1));
        model.mains().outage();
        model.advance(Duration.ofMinutes(10));
        assertEquals(0.0, model.facilityPowerW(), "no mains: the facility meter reads nothing");
        assertEquals(6600.0, model.itPowerW(), "the racks run on from the battery");
        assertEquals(1.410207, model.pue(), 1e-6, "the outage is left out, not set against the IT energy");
        assertEquals(10.0 / 70, model.pueLeftOutShare(), 1e-9);

        model.mains().restore();
        model.advance(Duration.ofSeconds(1));
        // the UPS: 6600 / 0.95 = 6947.37 W, and its charger 3000 Wh over 8 h / 0.95 = 394.74 W; cooling catches up on top
        assertTrue(model.facilityPowerW() > 6947.37 + 394.74 + 120 + 2240, "recharge and cooling: " + model.facilityPowerW());
        model.advance(Duration.ofHours(1));
        assertTrue(model.pue() > 1.42 && model.pue() < 1.5, "PUE " + model.pue());
        assertEquals(600.0 / (130 * 60 + 1), model.pueLeftOutShare(), 1e-9);
    }

    @Test
    void smokeSpreadsToTheRoomsNextDetectorAfterItsDelay() {
        SiteConfig site = site(SITE);
        PhysicalModel model = new PhysicalModel(site, inputs, START);
        List<String> heard = new ArrayList<>();
        var detector2 = (id.jaga.sensors.driver.EdgeSensor) drivers.open(site.sensor("smoke-2").orElseThrow().sensor());
        detector2.onChange(active -> heard.add(model.now() + " " + active));

        model.smoke("smoke-1");
        assertEquals(1.0, read(site, "smoke-1").value(), "the first detector at once");
        model.advance(Duration.ofSeconds(29));
        assertFalse(model.smokeDetected("smoke-2"));
        model.advance(Duration.ofSeconds(1));
        assertTrue(model.smokeDetected("smoke-2"), "30 s later, the second");
        assertEquals(List.of("2026-03-02T01:00:30Z true"), heard);

        model.clearSmoke();
        assertEquals(0.0, read(site, "smoke-1").value());
        assertEquals(List.of("2026-03-02T01:00:30Z true", "2026-03-02T01:00:30Z false"), heard);
    }

    @Test
    void theSameSeedRepeatsTheTraceAndAnotherSeedChangesTheNoise() {
        List<Double> first = trace(SITE);
        assertEquals(first, trace(SITE));
        assertNotEquals(first, trace(SITE.replace("seed: 7", "seed: 8")));
        assertTrue(first.stream().allMatch(t -> Math.abs(t - 20) < 1.5), "noise of 0.2 C around the modelled 20 C");
    }

    private List<Double> trace(String yaml) {
        SimulatedInputs world = new SimulatedInputs();
        SiteConfig site = site(yaml);
        PhysicalModel model = new PhysicalModel(site, world, START);
        var inlet = SimulatorDrivers.of(world).open(site.sensor("rack-1-inlet").orElseThrow().sensor());
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            model.advance(Duration.ofSeconds(1));
            values.add(inlet.read(START).value());
        }
        return values;
    }

    @Test
    void faultsChangeWhatTheSensorReadsUntilCleared() {
        SiteConfig site = site(SITE);
        PhysicalModel model = new PhysicalModel(site, inputs, START);
        model.fault("rack-1-outlet", Fault.Kind.CRC);
        assertEquals(Quality.BAD, read(site, "rack-1-outlet").quality());
        assertEquals("CRC error", read(site, "rack-1-outlet").reason());
        model.fault("mains", Fault.Kind.DROPOUT);
        assertEquals(Quality.STALE, read(site, "mains").quality());
        model.fault("rack-1-power", Fault.Kind.OUT_OF_RANGE);
        model.fault("ups-charge", Fault.Kind.STUCK);
        model.mains().outage();
        model.advance(Duration.ofSeconds(60));
        assertEquals(-1.0, read(site, "rack-1-power").value());
        assertEquals(100.0, read(site, "ups-charge").value(), "stuck at its last value while the battery drains");

        model.clearFault("rack-1-outlet");
        model.clearFault("ups-charge");
        model.advance(Duration.ofSeconds(1));
        assertEquals(Quality.GOOD, read(site, "rack-1-outlet").quality());
        assertTrue(read(site, "ups-charge").value() < 100);
        assertThrows(IllegalArgumentException.class, () -> model.fault("ups-status", Fault.Kind.NOISY));
        assertThrows(IllegalArgumentException.class, () -> model.fault("nowhere", Fault.Kind.STUCK));
    }

    @Test
    void unknownPartsAreNamedWithWhatIsKnown() {
        PhysicalModel model = model(SITE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.coolingUnit("crac-9"));
        assertEquals("no cooling unit 'crac-9'; known: crac-1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.smoke("door-1"));
    }
}
