package id.jaga.simulator.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.simulator.SimulatorDrivers;
import id.jaga.config.Sensor;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import id.jaga.simulator.model.PhysicalModel;
import id.jaga.simulator.hardware.FakeHardware;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo prompt changes what the agents' real drivers read: the simulated driver directly, the
 * hardware drivers (rack-1-inlet's DS18B20, the UPS on NUT) through the fake hardware.
 */
class DemoConsoleTest {
    private static final SiteConfig SITE = new SiteLoader().load(Path.of("../config/examples/demo.yaml"));
    private final SimulatedInputs inputs = new SimulatedInputs();
    private final PhysicalModel model = new PhysicalModel(SITE, inputs, Instant.parse("2026-03-02T01:00:00Z"));
    @TempDir
    Path tmp;
    private FakeHardware hardware;

    @BeforeEach
    void build() {
        hardware = new FakeHardware(SITE, inputs, tmp);
    }

    @AfterEach
    void powerOff() {
        hardware.close();
    }

    private Reading read(String sensorId) {
        Sensor sensor = hardware.site().sensor(sensorId).orElseThrow().sensor();
        try (SensorReader reader = SimulatorDrivers.of(inputs, hardware.board(sensor.agent())).open(sensor)) {
            return reader.read(Instant.EPOCH);
        }
    }

    @Test
    void setTextFailAndReleaseDriveTheSensors() {
        assertEquals("rack-2-inlet now reads 30.0", DemoConsole.apply("set rack-2-inlet 30", inputs, SITE, model));
        model.advance(Duration.ofSeconds(5));
        assertEquals(30.0, read("rack-2-inlet").value(), "held from the model until released");

        DemoConsole.apply("text ups-status OB DISCHRG", inputs, SITE, model);
        assertEquals("OB DISCHRG", read("ups-status").text());

        DemoConsole.apply("fail rack-1-inlet CRC error", inputs, SITE, model);
        assertEquals(Quality.BAD, read("rack-1-inlet").quality());
        assertEquals("CRC error", read("rack-1-inlet").reason());

        DemoConsole.apply("release rack-2-inlet", inputs, SITE, model);
        model.advance(Duration.ofSeconds(1));
        assertTrue(Math.abs(read("rack-2-inlet").value() - 23.0) < 1, "the model's again: its room's set point plus its offset, 23 C");
    }

    @Test
    void coolingMainsAndLoadChangeThePhysicalModel() {
        assertEquals("crac-1 has failed: server-room warms up unless other units cope",
                DemoConsole.apply("cooling crac-1 fail", inputs, SITE, model));
        assertEquals("mains at 0.0 V: the UPS runs the racks on battery; cooling and lights, not on the UPS, stop",
                DemoConsole.apply("mains off", inputs, SITE, model));
        assertEquals("rack-2 now draws 4000 W", DemoConsole.apply("load rack-2 4000", inputs, SITE, model));
        model.advance(Duration.ofMinutes(1));
        assertEquals("OB DISCHRG", read("ups-status").text());
        assertEquals(8800.0, read("ups-load").value() * 100, 1e-6, "2100 + 4000 + 1500 + 1200 W of a 10 kW UPS");
        String summary = DemoConsole.apply("model", inputs, SITE, model);
        assertTrue(summary.contains("cooling crac-1 FAILED, crac-2 stopped (no mains)") && summary.contains("UPS OB DISCHRG"), summary);
        assertTrue(summary.contains("PUE: none yet (the UPS has been on battery since the start"), summary);

        assertEquals("crac-1 runs again", DemoConsole.apply("cooling crac-1 restore", inputs, SITE, model));
        assertEquals("mains at 230.0 V", DemoConsole.apply("mains on", inputs, SITE, model));
        model.advance(Duration.ofMinutes(3));
        summary = DemoConsole.apply("model", inputs, SITE, model);
        assertTrue(summary.contains("cooling crac-1 running, crac-2 running"), summary);
        assertTrue(summary.contains("PUE since start 1.") && summary.contains("75 % of the time measured; 25 % left out: UPS on battery"),
                summary);
        assertEquals("no cooling unit 'crac-9'; known: crac-1, crac-2", DemoConsole.apply("cooling crac-9 fail", inputs, SITE, model));
        assertTrue(DemoConsole.apply("cooling", inputs, SITE, model).endsWith("units: crac-1 (running), crac-2 (running)"));
        assertEquals("load needs watts, e.g. load rack-2 4000", DemoConsole.apply("load rack-2 lots", inputs, SITE, model));
    }

    @Test
    void aBadgeOrAPinReachesTheReader() {
        java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        inputs.onCredential("reader-main", c -> heard.add(c.badge() + "/" + c.pin()));
        assertEquals("badge 1001 presented at reader-main", DemoConsole.apply("badge reader-main 1001", inputs, SITE, model));
        DemoConsole.apply("badge reader-main 1001 1234", inputs, SITE, model);
        DemoConsole.apply("pin reader-main 1234", inputs, SITE, model);
        assertEquals(java.util.List.of("1001/null", "1001/1234", "null/1234"), heard);
        assertTrue(DemoConsole.apply("badge reader-x 1001", inputs, SITE, model).startsWith("no reader 'reader-x'; known: reader-main"));
        assertTrue(DemoConsole.apply("badge reader-main", inputs, SITE, model).startsWith("badge <reader> <card number>"));
    }

    @Test
    void mistakesAreAnsweredNotThrown() {
        assertTrue(DemoConsole.apply("set rack-9-inlet 30", inputs, SITE, model).startsWith("no sensor 'rack-9-inlet'"));
        assertTrue(DemoConsole.apply("set rack-2-inlet hot", inputs, SITE, model).startsWith("set needs a number"));
        assertTrue(DemoConsole.apply("jump", inputs, SITE, model).startsWith("which sensor?"));
        assertTrue(DemoConsole.apply("jump rack-2-inlet", inputs, SITE, model).startsWith("unknown command 'jump'"));
        assertNull(DemoConsole.apply("quit", inputs, SITE, model));
    }
}
