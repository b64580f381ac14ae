package id.jaga.simulator.green;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.jaga.simulator.SimulatorDrivers;
import id.jaga.config.ModelSettings;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.green.GreenFigures;
import id.jaga.controller.green.GreenRollup;
import id.jaga.controller.green.Period;
import id.jaga.controller.history.Retention;
import id.jaga.controller.ingest.ReadingStore;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.wire.Reading;
import id.jaga.simulator.hardware.FakeHardware;
import id.jaga.simulator.model.PhysicalModel;
import id.jaga.simulator.model.VirtualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A week of the demo room on the physical model's virtual clock: its meters are read through the
 * agent's own simulated driver once a minute and stored through the controller's reading store,
 * six hours are lost (the agent was cut off), and the controller's PUE and energies match the
 * model's exactly integrated energies over the measured time within 1 %, with the gap in the coverage.
 */
class GreenFiguresOnTheModelTest {
    static final Instant T0 = Instant.parse("2026-11-01T17:00:00Z"); // Monday 00:00 in Asia/Jakarta
    static final Duration WEEK = Duration.ofDays(7);
    static final Duration EVERY = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void pueAndEnergiesMatchTheModelsGroundTruthAndTheGapShows() throws Exception {
        SimulatedInputs inputs = new SimulatedInputs();
        SiteConfig demo = new SiteLoader(List.of(SimulatorDrivers.of(inputs).siteCheck())).load(Path.of("../config/examples/demo.yaml"));
        // Meters are read by the agents' own drivers, the INA219 PDU through the fake hardware.
        FakeHardware hardware = new FakeHardware(demo, inputs, tmp);
        // A 10 s model step (the demo's is 1 s): a week is 60,480 steps, and the ground truth is
        // integrated over the same steps the meters are read from.
        ModelSettings m = hardware.site().model();
        SiteConfig site = hardware.site().withModel(new ModelSettings(m.seed(), Duration.ofSeconds(10), m.smokeSpreadAfter(),
                        m.mains(), m.ups(), m.rooms(), m.racks(), m.sensors())).withConnections(demo.broker(), new Storage("jdbc:h2:mem:" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", null, null), demo.controller());
        PhysicalModel model = new PhysicalModel(site, inputs, T0);
        Map<String, SensorReader> meters = new LinkedHashMap<>();
        for (var p : site.facilityMeters()) {
            meters.put(p.sensor().id(), SimulatorDrivers.of(inputs, hardware.board(p.sensor().agent())).open(p.sensor()));
        }
        for (var p : site.itMeters()) {
            meters.put(p.sensor().id(), SimulatorDrivers.of(inputs, hardware.board(p.sensor().agent())).open(p.sensor()));
        }
        Instant gapFrom = T0.plus(Duration.ofDays(3)).plus(Duration.ofHours(2));
        Instant gapTo = gapFrom.plus(Duration.ofHours(6));
        double[] facility = new double[3]; // the model's kWh when the gap began, ended, and at the end
        double[] it = new double[3];
        try (hardware; Database db = Database.open(site.storage())) {
            ReadingStore store = new ReadingStore(db);
            List<ReadingStore.Message> batch = new ArrayList<>();
            long seq = 0;
            for (Instant t = T0; t.isBefore(T0.plus(WEEK)); t = t.plus(EVERY)) {
                model.advanceTo(t);
                if (t.equals(T0.plus(Duration.ofDays(2)))) {
                    model.rack("rack-1").load(2900); // a new server goes in
                }
                if (t.equals(gapFrom) || t.equals(gapTo)) {
                    int i = t.equals(gapFrom) ? 0 : 1;
                    facility[i] = model.facilityEnergyKwh();
                    it[i] = model.itEnergyKwh();
                }
                if (t.isBefore(gapFrom) || !t.isBefore(gapTo)) {
                    List<Reading> readings = new ArrayList<>();
                    for (SensorReader meter : meters.values()) {
                        readings.add(meter.read(t));
                    }
                    batch.add(new ReadingStore.Message("sim", ++seq, t, readings));
                }
                if (batch.size() >= 1000) {
                    store.insert(batch);
                    batch.clear();
                }
            }
            store.insert(batch);
            model.advanceTo(T0.plus(WEEK));
            facility[2] = model.facilityEnergyKwh();
            it[2] = model.itEnergyKwh();

            VirtualClock clock = VirtualClock.manual(T0.plus(WEEK).plus(Duration.ofHours(1)));
            new Retention(db, site.storage(), clock).run();
            new GreenRollup(db, site).run();
            GreenFigures.Pue pue = new GreenFigures(db, site, clock).pue(new Period(T0, T0.plus(WEEK)));

            double facilityKwh = facility[0] + facility[2] - facility[1];
            double itKwh = it[0] + it[2] - it[1];
            assertEquals(facilityKwh / itKwh, pue.pue(), facilityKwh / itKwh * 0.01, "PUE");
            assertEquals(facilityKwh, pue.facilityKwh(), facilityKwh * 0.01, "facility kWh");
            assertEquals(itKwh, pue.itKwh(), itKwh * 0.01, "IT kWh");
            // The meters poll every 2 s: a reading is stale after 16 s, so the gap counts in full.
            assertEquals(1 - 6.0 / 168, pue.coverage(), 0.0005, "coverage");
        }
    }
}
