package id.jaga.sensors.driver.onewire;

import static id.jaga.sensors.driver.check.Fixtures.PATH;
import static id.jaga.sensors.driver.check.Fixtures.T0;
import static id.jaga.sensors.driver.check.Fixtures.problems;
import static id.jaga.sensors.driver.check.Fixtures.sensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a folder laid out as the kernel's w1 tree: {@code <base>/28-<serial>/w1_slave}. */
class Ds18b20DriverTest {
    private static final String SERIAL = "28-0316a2791cff";
    // scratchpads as a DS18B20 sends them, with their real Dallas CRC byte
    private static final String AT_23_125 = "72 01 4b 46 7f ff 0e 10 57";
    private static final String AT_MINUS_10_125 = "5e ff 4b 46 7f ff 02 10 b6";
    private static final String POWER_ON = "50 05 4b 46 7f ff 0c 10 1c";
    private static final String AT_129 = "10 08 4b 46 7f ff 10 10 cc";

    @TempDir
    Path base;

    private final Ds18b20Driver driver = new Ds18b20Driver();

    private Sensor inlet(Map<String, Object> extra) {
        var settings = new java.util.HashMap<String, Object>(Map.of("type", "ds18b20", "serial", SERIAL, "basePath", base.toString()));
        settings.putAll(extra);
        return sensor("rack-1-inlet", SensorKind.TEMPERATURE, settings);
    }

    private void answer(String scratchpad, String verdict, String milliC) throws IOException {
        Path device = Files.createDirectories(base.resolve(SERIAL));
        Files.writeString(device.resolve("w1_slave"), scratchpad + " : crc=" + scratchpad.substring(24) + " " + verdict + "\n"
                + scratchpad + " t=" + milliC + "\n");
    }

    private Reading readOnce() {
        try (SensorReader reader = driver.open(inlet(Map.of()))) {
            return reader.read(T0);
        }
    }

    @Test
    void goodReadingInDegreesCelsius() throws IOException {
        answer(AT_23_125, "YES", "23125");

        Reading r = readOnce();
        assertEquals(Quality.GOOD, r.quality());
        assertEquals(23.125, r.value());
        assertEquals("C", r.unit());
        assertEquals("rack-1-inlet", r.sensor());
        assertEquals(T0, r.ts());
    }

    @Test
    void negativeTemperature() throws IOException {
        answer(AT_MINUS_10_125, "YES", "-10125");
        assertEquals(-10.125, readOnce().value());
    }

    @Test
    void crcNoIsBad() throws IOException {
        answer(AT_23_125, "NO", "23125");
        assertBad("CRC error", readOnce());
    }

    @Test
    void powerOnValueIsBad() throws IOException {
        answer(POWER_ON, "YES", "85000");
        assertBad("out of physical range: 85 C is the power-on value", readOnce());
    }

    @Test
    void beyondTheChipsRangeIsBad() throws IOException {
        answer(AT_129, "YES", "129000");
        assertBad("out of physical range: 129 C (-55..125)", readOnce());
    }

    @Test
    void missingDeviceIsBad() {
        assertBad("device 28-0316a2791cff not present", readOnce());
    }

    @Test
    void allZeroScratchpadIsNoAnswerEvenThoughItsCrcMatches() throws IOException {
        answer("00 00 00 00 00 00 00 00 00", "YES", "0");
        assertBad("no answer (all-zero scratchpad)", readOnce());
    }

    @Test
    void truncatedFileIsBadNotAnException() throws IOException {
        Files.createDirectories(base.resolve(SERIAL));
        Files.writeString(base.resolve(SERIAL).resolve("w1_slave"), AT_23_125 + " : crc=57 YES\n");
        assertBad("unreadable w1_slave: " + AT_23_125 + " : crc=57 YES", readOnce());
    }

    @Test
    void eachReadTakesTheFilesCurrentValue() throws IOException {
        try (SensorReader reader = driver.open(inlet(Map.of()))) {
            answer(AT_23_125, "YES", "23125");
            assertEquals(23.125, reader.read(T0).value());
            answer(AT_MINUS_10_125, "YES", "-10125");
            assertEquals(-10.125, reader.read(T0.plusSeconds(5)).value());
        }
    }

    @Test
    void stuckAfterMarksAFrozenValue() throws IOException {
        answer(AT_23_125, "YES", "23125");
        try (SensorReader reader = driver.open(inlet(Map.of("stuckAfter", 3)))) {
            assertEquals(23.125, reader.read(T0).value());
            assertEquals(23.125, reader.read(T0.plusSeconds(5)).value());
            assertBad("stuck at 23.125 for 3 reads", reader.read(T0.plusSeconds(10)));
            answer(AT_MINUS_10_125, "YES", "-10125");
            assertEquals(-10.125, reader.read(T0.plusSeconds(15)).value());
        }
    }

    @Test
    void goodSettingsHaveNoProblems() {
        assertEquals(List.of(), problems(driver, inlet(Map.of("stuckAfter", 12))));
        assertEquals(List.of(), problems(driver, sensor("t", SensorKind.TEMPERATURE, Map.of("type", "ds18b20", "serial", SERIAL))),
                "basePath defaults to /sys/bus/w1/devices");
    }

    @Test
    void checkReportsEveryBadSetting() {
        Sensor bad = sensor("t", SensorKind.HUMIDITY, Map.of("type", "ds18b20", "serial", "28-0316A2791CFF", "bus", 1, "stuckAfter", 1));
        assertEquals(List.of(
                PATH + ".driver.bus: unknown key 'bus' for the ds18b20 driver; known: serial, basePath, type, stuckAfter",
                PATH + ".driver.serial: expected a DS18B20 serial such as 28-0316a2791cff, found '28-0316A2791CFF'",
                PATH + ".kind: the ds18b20 driver measures temperature, not humidity",
                PATH + ".driver.stuckAfter: expected a whole number 2..1000000, found '1'"), problems(driver, bad));
    }

    @Test
    void checkReportsAMissingSerial() {
        assertEquals(List.of(PATH + ".driver.serial: missing; expected a DS18B20 serial such as 28-0316a2791cff"),
                problems(driver, sensor("t", SensorKind.TEMPERATURE, Map.of("type", "ds18b20"))));
    }

    private static void assertBad(String reason, Reading r) {
        assertEquals(Quality.BAD, r.quality(), () -> "expected bad, was " + r);
        assertEquals(reason, r.reason());
        assertNull(r.value());
    }
}
