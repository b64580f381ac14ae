package id.jaga.simulator.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.driver.onewire.Ds18b20Driver;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 1-wire folder against the DS18B20 datasheet's temperature table (12-bit, 1/16 C) and a
 * w1_slave file as the kernel prints it for a real chip, then read by the real DS18B20 driver.
 */
class OneWireTreeTest {
    private static final String SERIAL = "28-0316a2791cff";
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void aRealChipsFileAsTheKernelPrintsIt() {
        // the example of the driver's documentation: 0x0172 = 370/16 = 23.125 C; CRC 0x57 by the kernel
        assertEquals("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n",
                OneWireTree.w1Slave(23.125, false));
    }

    @Test
    void theDatasheetsTemperatureTable() {
        Map<Double, String> table = Map.of(125.0, "d0 07", 85.0, "50 05", 25.0625, "91 01", 10.125, "a2 00", 0.5, "08 00",
                0.0, "00 00", -0.5, "f8 ff", -10.125, "5e ff", -25.0625, "6f fe", -55.0, "90 fc");
        table.forEach((celsius, bytes) -> assertEquals(bytes, OneWireTree.w1Slave(celsius, false).substring(0, 5), "at " + celsius));
    }

    @Test
    void theKernelTruncatesMilliDegreesTowardZero() {
        assertEquals("t=25062", lastWord(OneWireTree.w1Slave(25.0625, false)));
        assertEquals("t=-10125", lastWord(OneWireTree.w1Slave(-10.125, false)));
        assertEquals("t=-25062", lastWord(OneWireTree.w1Slave(-25.0625, false)));
        assertEquals("t=22312", lastWord(OneWireTree.w1Slave(22.3, false)), "22.3 C is 357/16 = 22.3125 C on the chip");
    }

    @Test
    void aGarbledCrcByteFailsTheKernelsCheck() {
        String file = OneWireTree.w1Slave(23.125, true);
        assertEquals("72 01 4b 46 7f ff 0e 10 a8 : crc=57 NO", file.lines().findFirst().orElseThrow());
    }

    @Test
    void theRealDriverReadsTheWorldItsFailuresAndItsAbsence() throws Exception {
        SimulatedInputs inputs = new SimulatedInputs();
        Path base = tmp.resolve("w1/devices");
        Sensor sensor = new Sensor("inlet", SensorKind.TEMPERATURE, null, "pi-1",
                Map.of("type", "ds18b20", "serial", SERIAL, "basePath", base.toString()), Duration.ofSeconds(1));
        OneWireTree tree = new OneWireTree(base, new World(inputs), List.of(sensor));
        inputs.onChange(tree::changed);
        try (SensorReader reader = new Ds18b20Driver().open(sensor)) {
            assertEquals(Reading.good("inlet", 22.0, "C", NOW), reader.read(NOW), "the quiet room before the world says otherwise");

            inputs.set("inlet", 23.125);
            assertEquals(Reading.good("inlet", 23.125, "C", NOW), reader.read(NOW));

            inputs.fail("inlet", Quality.BAD, "noise on the line");
            assertEquals(Reading.failed("inlet", Quality.BAD, "CRC error", "C", NOW), reader.read(NOW));

            inputs.fail("inlet", Quality.STALE, "unplugged");
            assertFalse(Files.exists(base.resolve(SERIAL)), "the kernel drops a chip that stops answering");
            assertEquals(Reading.failed("inlet", Quality.BAD, "device " + SERIAL + " not present", "C", NOW), reader.read(NOW));

            inputs.release("inlet");
            assertEquals(22.0, reader.read(NOW).value());
        }
    }

    private static String lastWord(String file) {
        String[] words = file.strip().split(" ");
        return words[words.length - 1];
    }
}
