package id.jaga.simulator.hardware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.pi4j.io.exception.IOException;
import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.wire.Quality;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SHT31 and INA219 models against their datasheets, with values worked out by hand.
 * SHT31: S_T = (T + 45) / 175 x 65535, S_RH = RH / 100 x 65535, each word followed by Sensirion's
 * CRC-8 (polynomial 0x31, initial 0xFF): 0x6666 -> 0x93, 0x9999 -> 0xBE, 0x3333 -> 0x88, and the
 * datasheet's own example 0xBEEF -> 0x92. INA219: shunt voltage 10 uV per bit, two's complement
 * (datasheet: +320 mV is 0x7D00, -320 mV is 0x8300); bus voltage 4 mV per bit from bit 3, bit 1
 * conversion ready; current = shunt x calibration / 4096, power = current x bus / 5000.
 */
class ChipsTest {
    private final SimulatedInputs inputs = new SimulatedInputs();
    private final World world = new World(inputs);

    private static Sensor sensor(String id, SensorKind kind) {
        return new Sensor(id, kind, null, "pi-1", Map.of("type", "test"), Duration.ofSeconds(1));
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void sht31CrcOfTheDatasheetExample() {
        assertEquals(0x92, Sht31Chip.crc8((byte) 0xbe, (byte) 0xef));
    }

    @Test
    void sht31MeasuresTheWorldOnItsSingleShotCommand() {
        Sensor t = sensor("t", SensorKind.TEMPERATURE);
        Sensor rh = sensor("rh", SensorKind.HUMIDITY);
        Sht31Chip chip = new Sht31Chip(world, t, rh);
        inputs.set("t", 25.0);
        inputs.set("rh", 60.0);

        chip.write(bytes(0x24, 0x00));
        assertArrayEquals(bytes(0x66, 0x66, 0x93, 0x99, 0x99, 0xbe), chip.read(6));
        assertThrows(IOException.class, () -> chip.read(6), "one answer per measurement; then the chip does not acknowledge");

        inputs.set("t", -10.0);
        inputs.set("rh", 20.0);
        chip.write(bytes(0x24, 0x00));
        assertArrayEquals(bytes(0x33, 0x33, 0x88, 0x33, 0x33, 0x88), chip.read(6));
    }

    @Test
    void sht31FailuresGarbleACrcOrSilenceTheChip() {
        Sensor t = sensor("t", SensorKind.TEMPERATURE);
        Sht31Chip chip = new Sht31Chip(world, t, null);
        inputs.fail("t", Quality.BAD, "noise");
        chip.write(bytes(0x24, 0x00));
        // a failed sensor's world value is gone: the chip measures the quiet 22 C, 0x6203, whose CRC 0x5E arrives as 0xA1
        assertArrayEquals(bytes(0x62, 0x03, 0xa1), java.util.Arrays.copyOf(chip.read(6), 3));

        inputs.fail("t", Quality.STALE, "unplugged");
        assertThrows(IOException.class, () -> chip.write(bytes(0x24, 0x00)));
    }

    @Test
    void ina219ShuntAndBusRegistersAtTheDatasheetsFullScale() {
        assertEquals(0x7d00, Ina219Chip.shuntRegister(0.320));
        assertEquals(0x8300, Ina219Chip.shuntRegister(-0.320) & 0xffff);
        assertEquals(0x7d00, Ina219Chip.shuntRegister(0.5), "saturates at the gain's full scale");
        assertEquals(3000 << 3 | 0b10, Ina219Chip.busRegister(12.0), "12 V is 3000 steps of 4 mV");
    }

    @Test
    void ina219RegistersFollowTheWorldAndTheCalibration() {
        Sensor v = sensor("v", SensorKind.VOLTAGE);
        Sensor a = sensor("a", SensorKind.CURRENT);
        Ina219Chip chip = new Ina219Chip(world, v, a, null, 0.1);
        inputs.set("v", 12.0);
        inputs.set("a", 0.1); // 10 mV across 0.1 ohm

        assertEquals(0x399f, word(chip, Ina219Chip.CONFIG), "the power-on configuration");
        assertEquals(1000, word(chip, Ina219Chip.SHUNT_VOLTAGE));
        assertEquals(0x5dc2, word(chip, Ina219Chip.BUS_VOLTAGE));
        assertEquals(0, word(chip, Ina219Chip.CURRENT), "zero until calibrated");

        // the datasheet's calibration for a 100 uA current LSB on 0.1 ohm: trunc(0.04096 / (0.0001 x 0.1)) = 4096
        chip.writeRegister(Ina219Chip.CALIBRATION, bytes(0x10, 0x00));
        assertEquals(1000, word(chip, Ina219Chip.CURRENT), "1000 x 100 uA = 100 mA");
        assertEquals(600, word(chip, Ina219Chip.POWER), "1000 x 3000 / 5000 = 600 x 2 mW = 1.2 W");
    }

    @Test
    void ina219WithOnlyAPowerSensorDrawsItsCurrentFromTheBus() {
        Sensor w = sensor("w", SensorKind.POWER);
        Ina219Chip chip = new Ina219Chip(world, null, null, w, 0.0005);
        inputs.set("w", 1500.0); // 125 A at the quiet 12 V; 62.5 mV across 0.5 mOhm
        assertEquals(6250, word(chip, Ina219Chip.SHUNT_VOLTAGE));

        inputs.fail("w", Quality.BAD, "loose");
        assertThrows(IOException.class, () -> word(chip, Ina219Chip.SHUNT_VOLTAGE), "no CRC to get wrong: it stops answering");
    }

    private static int word(I2cChip chip, int register) {
        byte[] b = chip.readRegister(register, 2);
        return (b[0] & 0xff) << 8 | b[1] & 0xff;
    }
}
