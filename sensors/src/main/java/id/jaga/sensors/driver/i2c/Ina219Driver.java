package id.jaga.sensors.driver.i2c;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.config.SiteLoader.Problems;
import id.jaga.sensors.driver.SensorDriver;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.driver.check.DriverSettings;
import id.jaga.sensors.driver.check.Range;
import id.jaga.sensors.driver.check.StuckDetector;
import java.util.function.ToDoubleFunction;

/**
 * TI INA219 current and power monitor over I2C: bus voltage, and the voltage across a shunt
 * resistor of {@code shuntOhms}. Current is shunt voltage / shuntOhms and power is bus voltage x
 * current, both computed here rather than by the chip: its current and power registers read zero
 * until a calibration register is written, and computing here needs no write to the chip, so the
 * driver works whatever configuration the chip holds (the shunt register's 10 uV and the bus
 * register's 4 mV steps do not depend on it). The chip measures continuously on its own.
 */
public final class Ina219Driver implements SensorDriver {
    public static final String TYPE = "ina219";
    static final int SHUNT_VOLTAGE = 0x01;
    static final int BUS_VOLTAGE = 0x02;
    public static final double DEFAULT_SHUNT_OHMS = 0.1;
    /** Datasheet: 26 V is the most the bus input may see. */
    private static final Range BUS = new Range(0, 26);

    private final I2cDevices<Measurement> devices;

    public Ina219Driver(Context pi4j) {
        this.devices = new I2cDevices<>(pi4j, TYPE, Ina219Driver::measure);
    }

    /** What the chip measured, before the shunt resistance turns it into current and power. */
    record Measurement(double busVolts, double shuntVolts) {
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void check(Sensor sensor, String path, Problems problems) {
        DriverSettings settings = DriverSettings.checking(TYPE, sensor, path, problems, "bus", "address", "shuntOhms");
        I2cSettings.bus(settings);
        I2cSettings.address(settings, 0x40, 0x40, 0x4f);
        settings.positive("shuntOhms", DEFAULT_SHUNT_OHMS, 0);
        settings.kinds(SensorKind.POWER, SensorKind.VOLTAGE, SensorKind.CURRENT);
        settings.stuckAfter();
    }

    @Override
    public SensorReader open(Sensor sensor) {
        DriverSettings settings = DriverSettings.opening(TYPE, sensor);
        settings.kinds(SensorKind.POWER, SensorKind.VOLTAGE, SensorKind.CURRENT);
        double ohms = settings.positive("shuntOhms", DEFAULT_SHUNT_OHMS, 0);
        var device = devices.acquire(I2cSettings.bus(settings), I2cSettings.address(settings, 0x40, 0x40, 0x4f));
        ToDoubleFunction<Measurement> current = m -> m.shuntVolts() / ohms;
        SensorReader reader = switch (sensor.kind()) {
            case VOLTAGE -> new ChipReader<>(sensor, devices, device, Measurement::busVolts, BUS, 3);
            case CURRENT -> new ChipReader<>(sensor, devices, device, current, Range.ANY, 4);
            default -> new ChipReader<>(sensor, devices, device, m -> m.busVolts() * current.applyAsDouble(m), Range.ANY, 4);
        };
        return StuckDetector.wrap(reader, Range.of(sensor), settings.stuckAfter());
    }

    private static Measurement measure(I2C chip) {
        // bits 15..3 are the voltage in 4 mV steps; bit 1 (conversion ready) and bit 0 (overflow of
        // the chip's own current/power arithmetic, which this driver does not use) are flags
        int bus = chip.readRegisterWord(BUS_VOLTAGE);
        // signed, in 10 uV steps
        short shunt = (short) chip.readRegisterWord(SHUNT_VOLTAGE);
        return new Measurement((bus >> 3) * 0.004, shunt * 0.00001);
    }
}
