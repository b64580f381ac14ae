package id.jaga.simulator.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.agent.AgentMain;
import id.jaga.config.Sensor;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The demo prompt changes what the real simulated driver reads. */
class DemoConsoleTest {
    private static final SiteConfig SITE = new SiteLoader().load(Path.of("../config/examples/demo.yaml"));
    private final SimulatedInputs inputs = new SimulatedInputs();

    private Reading read(String sensorId) {
        Sensor sensor = SITE.sensor(sensorId).orElseThrow().sensor();
        return AgentMain.drivers(inputs).open(sensor).read(Instant.EPOCH);
    }

    @Test
    void setTextFailAndReleaseDriveTheSensors() {
        assertEquals("rack-2-inlet now reads 30.0", DemoConsole.apply("set rack-2-inlet 30", inputs, SITE));
        assertEquals(30.0, read("rack-2-inlet").value());

        DemoConsole.apply("text ups-status OB DISCHRG", inputs, SITE);
        assertEquals("OB DISCHRG", read("ups-status").text());

        DemoConsole.apply("fail rack-1-inlet CRC error", inputs, SITE);
        assertEquals(Quality.BAD, read("rack-1-inlet").quality());
        assertEquals("CRC error", read("rack-1-inlet").reason());

        DemoConsole.apply("release rack-2-inlet", inputs, SITE);
        assertTrue(Math.abs(read("rack-2-inlet").value() - 23.0) < 2, "back near its nominal 23 C");
    }

    @Test
    void aBadgeOrAPinReachesTheReader() {
        java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        inputs.onCredential("reader-main", c -> heard.add(c.badge() + "/" + c.pin()));
        assertEquals("badge 1001 presented at reader-main", DemoConsole.apply("badge reader-main 1001", inputs, SITE));
        DemoConsole.apply("badge reader-main 1001 1234", inputs, SITE);
        DemoConsole.apply("pin reader-main 1234", inputs, SITE);
        assertEquals(java.util.List.of("1001/null", "1001/1234", "null/1234"), heard);
        assertTrue(DemoConsole.apply("badge reader-x 1001", inputs, SITE).startsWith("no reader 'reader-x'; known: reader-main"));
        assertTrue(DemoConsole.apply("badge reader-main", inputs, SITE).startsWith("badge <reader> <card number>"));
    }

    @Test
    void mistakesAreAnsweredNotThrown() {
        assertTrue(DemoConsole.apply("set rack-9-inlet 30", inputs, SITE).startsWith("no sensor 'rack-9-inlet'"));
        assertTrue(DemoConsole.apply("set rack-2-inlet hot", inputs, SITE).startsWith("set needs a number"));
        assertTrue(DemoConsole.apply("jump", inputs, SITE).startsWith("which sensor?"));
        assertTrue(DemoConsole.apply("jump rack-2-inlet", inputs, SITE).startsWith("unknown command 'jump'"));
        assertNull(DemoConsole.apply("quit", inputs, SITE));
    }
}
