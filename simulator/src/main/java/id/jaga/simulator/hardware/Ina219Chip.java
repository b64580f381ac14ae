package id.jaga.simulator.hardware;

import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import java.util.Arrays;

/**
 * A TI INA219 answering as its datasheet says. A write sets the register pointer (first byte) and,
 * with two more bytes, writes that register; a read returns the pointed register, MSB first. The
 * chip measures the world continuously: the bus voltage (register 0x02: 4 mV per bit from bit 3,
 * bit 1 "conversion ready") and the voltage across the {@code shuntOhms} shunt (0x01: signed, 10 uV
 * per bit, within the default gain's +-320 mV). Current (0x04) and power (0x03) read zero until a
 * calibration (0x05) is written, then follow the datasheet's formulas. Any failing sensor of the
 * chip makes it stop acknowledging: it has no CRC to get wrong.
 */
final class Ina219Chip implements I2cChip {
    static final int CONFIG = 0x00;
    static final int SHUNT_VOLTAGE = 0x01;
    static final int BUS_VOLTAGE = 0x02;
    static final int POWER = 0x03;
    static final int CURRENT = 0x04;
    static final int CALIBRATION = 0x05;
    /** Power-on configuration: 32 V bus range, gain /8 (+-320 mV), 12-bit, shunt and bus continuous. */
    static final int CONFIG_DEFAULT = 0x399f;
    private static final int RESET = 0x8000;
    private static final int CONVERSION_READY = 0b10;
    private static final int SHUNT_FULL_SCALE = 32000;

    private final World world;
    private final Sensor voltage;
    private final Sensor current;
    private final Sensor power;
    private final double shuntOhms;
    private int pointer;
    private int config = CONFIG_DEFAULT;
    private int calibration;

    /** Any sensor may be null; the bus voltage is the quiet value without a voltage sensor. */
    Ina219Chip(World world, Sensor voltage, Sensor current, Sensor power, double shuntOhms) {
        this.world = world;
        this.voltage = voltage;
        this.current = current;
        this.power = power;
        this.shuntOhms = shuntOhms;
    }

    @Override
    public synchronized void write(byte[] data) {
        failIfFaulty();
        if (data.length == 0) {
            return;
        }
        pointer = data[0] & 0xff;
        if (data.length >= 3) {
            int value = (data[1] & 0xff) << 8 | data[2] & 0xff;
            if (pointer == CONFIG) {
                config = (value & RESET) != 0 ? CONFIG_DEFAULT : value;
                calibration = (value & RESET) != 0 ? 0 : calibration;
            } else if (pointer == CALIBRATION) {
                calibration = value & 0xfffe; // bit 0 is read-only, always 0
            }
        }
    }

    @Override
    public synchronized byte[] read(int length) {
        failIfFaulty();
        int value = register(pointer);
        return Arrays.copyOf(new byte[] {(byte) (value >> 8), (byte) value}, length);
    }

    private void failIfFaulty() {
        for (Sensor sensor : new Sensor[] {voltage, current, power}) {
            if (sensor != null && world.fault(sensor) != null) {
                throw I2cChip.noAcknowledge();
            }
        }
    }

    private int register(int register) {
        double volts = voltage != null ? world.value(voltage) : World.quiet(SensorKind.VOLTAGE);
        double amps = current != null ? world.value(current)
                : power != null ? (volts > 0 ? world.value(power) / volts : 0)
                : World.quiet(SensorKind.CURRENT);
        int shunt = shuntRegister(amps * shuntOhms);
        int bus = busRegister(volts);
        int currentRegister = (int) ((long) shunt * calibration / 4096);
        return switch (register) {
            case CONFIG -> config;
            case SHUNT_VOLTAGE -> shunt & 0xffff;
            case BUS_VOLTAGE -> bus;
            case POWER -> (int) Math.min(0xffff, Math.abs((long) currentRegister * (bus >> 3)) / 5000);
            case CURRENT -> currentRegister & 0xffff;
            case CALIBRATION -> calibration;
            default -> 0;
        };
    }

    /** Signed, 10 uV per bit, saturating at the default gain's +-320 mV. */
    static int shuntRegister(double volts) {
        return (int) Math.max(-SHUNT_FULL_SCALE, Math.min(SHUNT_FULL_SCALE, Math.round(volts / 0.00001)));
    }

    /** 4 mV per bit in bits 15..3 (at most 32.76 V), with the conversion-ready flag set. */
    static int busRegister(double volts) {
        int steps = (int) Math.max(0, Math.min(0x1fff, Math.round(volts / 0.004)));
        return steps << 3 | CONVERSION_READY;
    }
}
