package id.jaga.sensors.driver.i2c;

import static id.jaga.sensors.driver.check.Fixtures.PATH;
import static id.jaga.sensors.driver.check.Fixtures.T0;
import static id.jaga.sensors.driver.check.Fixtures.problems;
import static id.jaga.sensors.driver.check.Fixtures.sensor;
import static id.jaga.sensors.driver.i2c.MockChips.answer;
import static id.jaga.sensors.driver.i2c.MockChips.bytes;
import static id.jaga.sensors.driver.i2c.MockChips.chip;
import static id.jaga.sensors.driver.i2c.MockChips.sent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Through Pi4J's mock I2C with the bytes an SHT31 sends. CRCs are Sensirion CRC-8 (poly 0x31,
 * init 0xFF) worked out by hand, not by the driver's code: 0x6666 -> 0x93, 0x9999 -> 0xBE,
 * 0x3333 -> 0x88, 0xFFFF -> 0xAC; the datasheet's own example is 0xBEEF -> 0x92.
 */
class Sht31DriverTest {
    private static final String CHIP = "sht31-1-0x44";
    /** 0x6666 is exactly 25.00 C, 0x9999 exactly 60.00 %RH. */
    private static final int[] AT_25C_60RH = {0x66, 0x66, 0x93, 0x99, 0x99, 0xbe};
    /** 0x3333 is exactly -10.00 C and exactly 20.00 %RH. */
    private static final int[] AT_MINUS_10C_20RH = {0x33, 0x33, 0x88, 0x33, 0x33, 0x88};
    private static final byte[] MEASURE_COMMAND = {0x24, 0x00};

    private final Context pi4j = PiContexts.mock();
    private final Sht31Driver driver = new Sht31Driver(pi4j, Duration.ZERO);

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private static Sensor sht31(String id, SensorKind kind, Object address) {
        return sensor(id, kind, Map.of("type", "sht31", "address", address));
    }

    @Test
    void crcOfTheDatasheetExample() {
        assertEquals(0x92, Sht31Driver.crc8(bytes(0xbe, 0xef), 0));
    }

    @Test
    void oneMeasurementServesTemperatureAndHumidity() {
        try (SensorReader temperature = driver.open(sht31("rack-1-temp", SensorKind.TEMPERATURE, "0x44"));
             SensorReader humidity = driver.open(sht31("rack-1-rh", SensorKind.HUMIDITY, 0x44))) {
            MockI2C chip = chip(pi4j, CHIP);
            answer(chip, AT_25C_60RH);

            Reading t = temperature.read(T0);
            Reading h = humidity.read(T0.plusMillis(30));

            assertEquals(Reading.good("rack-1-temp", 25.0, "C", T0), t);
            assertEquals(Reading.good("rack-1-rh", 60.0, "%RH", T0.plusMillis(30)), h);
            assertArrayEquals(MEASURE_COMMAND, sent(chip), "one single-shot command for both sensors");
        }
    }

    @Test
    void nextPollRoundMeasuresAgain() {
        try (SensorReader temperature = driver.open(sht31("t", SensorKind.TEMPERATURE, 0x44))) {
            MockI2C chip = chip(pi4j, CHIP);
            answer(chip, AT_25C_60RH);
            assertEquals(25.0, temperature.read(T0).value());
            assertArrayEquals(MEASURE_COMMAND, sent(chip));

            answer(chip, AT_MINUS_10C_20RH);
            assertEquals(-10.0, temperature.read(T0.plusSeconds(5)).value());
            assertArrayEquals(MEASURE_COMMAND, sent(chip));
        }
    }

    @Test
    void negativeTemperature() {
        try (SensorReader temperature = driver.open(sht31("t", SensorKind.TEMPERATURE, 0x44));
             SensorReader humidity = driver.open(sht31("h", SensorKind.HUMIDITY, 0x44))) {
            answer(chip(pi4j, CHIP), AT_MINUS_10C_20RH);
            assertEquals(-10.0, temperature.read(T0).value());
            assertEquals(20.0, humidity.read(T0).value());
        }
    }

    @Test
    void wrongCrcOnEitherWordMakesBothSensorsBad() {
        try (SensorReader temperature = driver.open(sht31("t", SensorKind.TEMPERATURE, 0x44));
             SensorReader humidity = driver.open(sht31("h", SensorKind.HUMIDITY, 0x44))) {
            MockI2C chip = chip(pi4j, CHIP);
            answer(chip, 0x66, 0x66, 0x93, 0x99, 0x98, 0xbe); // one humidity bit flipped on the wire
            assertBad("CRC error", temperature.read(T0));
            assertBad("CRC error", humidity.read(T0));

            answer(chip, 0x66, 0x66, 0x92, 0x99, 0x99, 0xbe); // a wrong temperature CRC byte
            assertBad("CRC error", temperature.read(T0.plusSeconds(5)));
        }
    }

    @Test
    void beyondTheChipsRangeIsBad() {
        try (SensorReader temperature = driver.open(sht31("t", SensorKind.TEMPERATURE, 0x44))) {
            answer(chip(pi4j, CHIP), 0xff, 0xff, 0xac, 0x99, 0x99, 0xbe); // 0xFFFF: 130 C by the formula
            assertBad("out of physical range: 130 C (-40..125)", temperature.read(T0));
        }
    }

    @Test
    void secondAddressIsASecondChip() {
        try (SensorReader a = driver.open(sht31("a", SensorKind.TEMPERATURE, 0x44));
             SensorReader b = driver.open(sht31("b", SensorKind.TEMPERATURE, "0x45"))) {
            answer(chip(pi4j, CHIP), AT_25C_60RH);
            answer(chip(pi4j, "sht31-1-0x45"), AT_MINUS_10C_20RH);
            assertEquals(25.0, a.read(T0).value());
            assertEquals(-10.0, b.read(T0).value());
        }
    }

    @Test
    void chipThatDoesNotAcknowledgeIsBad() {
        MockChips.FaultyProvider provider = new MockChips.FaultyProvider();
        Context faulty = provider.newContext();
        try (SensorReader temperature = new Sht31Driver(faulty, Duration.ZERO).open(sht31("t", SensorKind.TEMPERATURE, 0x44))) {
            provider.fault = MockChips.Fault.NO_ACKNOWLEDGE;
            assertBad("I/O error at 0x44: Remote I/O error", temperature.read(T0));

            provider.fault = MockChips.Fault.NONE; // the chip is back next round
            answer(chip(faulty, CHIP), AT_25C_60RH);
            assertEquals(25.0, temperature.read(T0.plusSeconds(5)).value());
        } finally {
            faulty.shutdown();
        }
    }

    @Test
    void shortAnswerIsBad() {
        MockChips.FaultyProvider provider = new MockChips.FaultyProvider();
        Context faulty = provider.newContext();
        try (SensorReader temperature = new Sht31Driver(faulty, Duration.ZERO).open(sht31("t", SensorKind.TEMPERATURE, 0x44))) {
            provider.fault = MockChips.Fault.SHORT_READ;
            answer(chip(faulty, CHIP), AT_25C_60RH);
            assertBad("short read: 3 of 6 bytes", temperature.read(T0));
        } finally {
            faulty.shutdown();
        }
    }

    @Test
    void busMissingAtStartIsBadAndRetried() {
        MockChips.FaultyProvider provider = new MockChips.FaultyProvider();
        provider.createFailures = 2; // open() and the first read
        Context faulty = provider.newContext();
        try (SensorReader temperature = new Sht31Driver(faulty, Duration.ZERO).open(sht31("t", SensorKind.TEMPERATURE, 0x44))) {
            assertBad("I2C bus 1 not available: Sysfs validation failed for I2C bus 1: path '/sys/bus/i2c/devices/i2c-1' does not exist.",
                    temperature.read(T0));

            // the next read creates the chip; the mock has no answer queued yet, so this round is bad too
            assertEquals(Quality.BAD, temperature.read(T0.plusSeconds(5)).quality());
            answer(chip(faulty, CHIP), AT_25C_60RH);
            assertEquals(25.0, temperature.read(T0.plusSeconds(10)).value());
        } finally {
            faulty.shutdown();
        }
    }

    @Test
    void chipIsReleasedWhenItsLastSensorCloses() {
        SensorReader temperature = driver.open(sht31("t", SensorKind.TEMPERATURE, 0x44));
        SensorReader humidity = driver.open(sht31("h", SensorKind.HUMIDITY, 0x44));
        temperature.close();
        temperature.close(); // twice is harmless
        assertTrue(pi4j.registry().exists(CHIP), "humidity still uses it");
        humidity.close();
        assertFalse(pi4j.registry().exists(CHIP));

        try (SensorReader again = driver.open(sht31("t", SensorKind.TEMPERATURE, 0x44))) {
            answer(chip(pi4j, CHIP), AT_25C_60RH);
            assertEquals(25.0, again.read(T0).value(), "the address can be opened again");
        }
    }

    @Test
    void stuckAfterAppliesToI2cSensorsToo() {
        Sensor sensor = sensor("t", SensorKind.TEMPERATURE, Map.of("type", "sht31", "stuckAfter", 2));
        try (SensorReader temperature = driver.open(sensor)) {
            MockI2C chip = chip(pi4j, CHIP);
            answer(chip, AT_25C_60RH);
            assertEquals(25.0, temperature.read(T0).value());
            assertArrayEquals(MEASURE_COMMAND, sent(chip));
            answer(chip, AT_25C_60RH);
            assertBad("stuck at 25 for 2 reads", temperature.read(T0.plusSeconds(5)));
        }
    }

    @Test
    void checkAcceptsBothAddressesWrittenEitherWay() {
        for (Object address : List.of(0x44, 0x45, "0x44", "0X45", "68")) {
            assertEquals(List.of(), problems(driver, sht31("t", SensorKind.HUMIDITY, address)), "address " + address);
        }
        assertEquals(List.of(), problems(driver, sensor("t", SensorKind.TEMPERATURE, Map.of("type", "sht31"))),
                "bus 1, address 0x44 by default");
    }

    @Test
    void checkReportsBadAddressBusKindAndUnknownKeys() {
        assertEquals(List.of(PATH + ".driver.address: expected an I2C address 0x44..0x45, found '0x46'"),
                problems(driver, sht31("t", SensorKind.TEMPERATURE, "0x46")));
        assertEquals(List.of(PATH + ".driver.address: expected an I2C address 0x44..0x45, found 'forty-four'"),
                problems(driver, sht31("t", SensorKind.TEMPERATURE, "forty-four")));
        assertEquals(List.of(
                PATH + ".driver.serial: unknown key 'serial' for the sht31 driver; known: bus, address, type, stuckAfter",
                PATH + ".driver.bus: expected a whole number 0..255, found '-1'",
                PATH + ".kind: the sht31 driver measures temperature, humidity, not power"),
                problems(driver, sensor("p", SensorKind.POWER, Map.of("type", "sht31", "bus", -1, "serial", "x"))));
    }

    private static void assertBad(String reason, Reading r) {
        assertEquals(Quality.BAD, r.quality(), () -> "expected bad, was " + r);
        assertEquals(reason, r.reason());
    }
}
