package id.jaga.sensors.driver.i2c;

import static id.jaga.sensors.driver.check.Fixtures.PATH;
import static id.jaga.sensors.driver.check.Fixtures.T0;
import static id.jaga.sensors.driver.check.Fixtures.problems;
import static id.jaga.sensors.driver.check.Fixtures.sensor;
import static id.jaga.sensors.driver.i2c.MockChips.bytes;
import static id.jaga.sensors.driver.i2c.MockChips.chip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pi4j.context.Context;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Through Pi4J's mock I2C, whose register reads pop the bytes a test wrote into that register:
 * exactly what the INA219 answers to a register read, most significant byte first.
 */
class Ina219DriverTest {
    private static final String CHIP = "ina219-1-0x40";
    /** 12.000 V: 3000 steps of 4 mV in bits 15..3 (0xBB8 << 3 = 0x5DC0), plus the conversion-ready bit 1. */
    private static final byte[] BUS_12V = bytes(0x5d, 0xc2);
    /** +50.00 mV: 5000 steps of 10 uV. */
    private static final byte[] SHUNT_50MV = bytes(0x13, 0x88);
    /** -320.00 mV, the datasheet's full-scale negative example: -32000 = 0x8300. */
    private static final byte[] SHUNT_MINUS_320MV = bytes(0x83, 0x00);

    private final Context pi4j = PiContexts.mock();
    private final Ina219Driver driver = new Ina219Driver(pi4j);

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private static Sensor ina219(String id, SensorKind kind, Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(Map.of("type", "ina219", "address", 0x40));
        settings.putAll(extra);
        return sensor(id, kind, settings);
    }

    private static void measures(MockI2C chip, byte[] bus, byte[] shunt) {
        chip.writeRegister(Ina219Driver.BUS_VOLTAGE, bus);
        chip.writeRegister(Ina219Driver.SHUNT_VOLTAGE, shunt);
    }

    @Test
    void oneMeasurementServesVoltageCurrentAndPower() {
        try (SensorReader voltage = driver.open(ina219("v", SensorKind.VOLTAGE, Map.of()));
             SensorReader current = driver.open(ina219("i", SensorKind.CURRENT, Map.of()));
             SensorReader power = driver.open(ina219("p", SensorKind.POWER, Map.of()))) {
            measures(chip(pi4j, CHIP), BUS_12V, SHUNT_50MV);

            // the registers hold one measurement only: a second bus read would fail
            assertEquals(Reading.good("v", 12.0, "V", T0), voltage.read(T0));
            assertEquals(Reading.good("i", 0.5, "A", T0), current.read(T0), "50 mV across the default 0.1 ohm");
            assertEquals(Reading.good("p", 6.0, "W", T0), power.read(T0), "12 V x 0.5 A");
        }
    }

    @Test
    void shuntOhmsScalesCurrentAndPower() {
        try (SensorReader current = driver.open(ina219("i", SensorKind.CURRENT, Map.of("shuntOhms", 0.01)));
             SensorReader power = driver.open(ina219("p", SensorKind.POWER, Map.of("shuntOhms", 0.01)))) {
            measures(chip(pi4j, CHIP), BUS_12V, SHUNT_50MV);
            assertEquals(5.0, current.read(T0).value());
            assertEquals(60.0, power.read(T0).value());
        }
    }

    @Test
    void negativeShuntVoltageIsReverseCurrent() {
        try (SensorReader current = driver.open(ina219("i", SensorKind.CURRENT, Map.of()));
             SensorReader power = driver.open(ina219("p", SensorKind.POWER, Map.of()))) {
            measures(chip(pi4j, CHIP), BUS_12V, SHUNT_MINUS_320MV);
            assertEquals(-3.2, current.read(T0).value());
            assertEquals(-38.4, power.read(T0).value());
        }
    }

    @Test
    void eachPollRoundReadsTheRegistersAgain() {
        try (SensorReader voltage = driver.open(ina219("v", SensorKind.VOLTAGE, Map.of()))) {
            MockI2C chip = chip(pi4j, CHIP);
            measures(chip, BUS_12V, SHUNT_50MV);
            assertEquals(12.0, voltage.read(T0).value());
            measures(chip, bytes(0x2e, 0xe0), SHUNT_50MV); // 0x2EE0 >> 3 = 1500 steps: 6.000 V
            assertEquals(6.0, voltage.read(T0.plusSeconds(5)).value());
        }
    }

    @Test
    void busVoltageBeyondTheChipsRatingIsBad() {
        try (SensorReader voltage = driver.open(ina219("v", SensorKind.VOLTAGE, Map.of()))) {
            measures(chip(pi4j, CHIP), bytes(0xea, 0x60), SHUNT_50MV); // 7500 steps: 30 V, above the 26 V maximum
            assertBad("out of physical range: 30 V (0..26)", voltage.read(T0));
        }
    }

    @Test
    void chipWithNothingToSayIsBad() {
        try (SensorReader voltage = driver.open(ina219("v", SensorKind.VOLTAGE, Map.of()))) {
            // nothing queued: the mock answers a register read with -1, which Pi4J turns into an IOReadException
            assertBad("I/O error at 0x40: I/O READ ERROR: -1", voltage.read(T0));
        }
    }

    @Test
    void chipThatDoesNotAcknowledgeIsBadForAllItsSensors() {
        MockChips.FaultyProvider provider = new MockChips.FaultyProvider();
        Context faulty = provider.newContext();
        Ina219Driver onFaultyBus = new Ina219Driver(faulty);
        try (SensorReader voltage = onFaultyBus.open(ina219("v", SensorKind.VOLTAGE, Map.of("address", "0x4f")));
             SensorReader power = onFaultyBus.open(ina219("p", SensorKind.POWER, Map.of("address", "0x4f")))) {
            provider.fault = MockChips.Fault.NO_ACKNOWLEDGE;
            assertBad("I/O error at 0x4f: Remote I/O error", voltage.read(T0));
            assertBad("I/O error at 0x4f: Remote I/O error", power.read(T0));
        } finally {
            faulty.shutdown();
        }
    }

    @Test
    void checkAcceptsTheWholeAddressRange() {
        for (Object address : List.of(0x40, 0x4f, "0x41", "0x4F", 77)) {
            assertEquals(List.of(), problems(driver, ina219("p", SensorKind.POWER, Map.of("address", address, "shuntOhms", 0.002))),
                    "address " + address);
        }
    }

    @Test
    void checkReportsBadSettings() {
        assertEquals(List.of(PATH + ".driver.address: expected an I2C address 0x40..0x4f, found '0x50'"),
                problems(driver, ina219("p", SensorKind.POWER, Map.of("address", 0x50))));
        assertEquals(List.of(PATH + ".driver.shuntOhms: expected a number above 0, found '0'"),
                problems(driver, ina219("p", SensorKind.POWER, Map.of("shuntOhms", 0))));
        assertEquals(List.of(PATH + ".driver.shuntOhms: expected a number above 0, found 'low'",
                        PATH + ".kind: the ina219 driver measures power, voltage, current, not humidity"),
                problems(driver, ina219("h", SensorKind.HUMIDITY, Map.of("shuntOhms", "low"))));
    }

    private static void assertBad(String reason, Reading r) {
        assertEquals(Quality.BAD, r.quality(), () -> "expected bad, was " + r);
        assertEquals(reason, r.reason());
    }
}
