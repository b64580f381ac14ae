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
import java.time.Duration;

/**
 * Sensirion SHT31 temperature and humidity over I2C. One single-shot measurement (command 0x2400:
 * high repeatability, no clock stretching, which the Pi's I2C controller handles badly) answers
 * six bytes: temperature MSB, LSB, CRC, humidity MSB, LSB, CRC.
 */
public final class Sht31Driver implements SensorDriver {
    public static final String TYPE = "sht31";
    static final byte[] MEASURE = {0x24, 0x00};
    /** Datasheet: a high-repeatability measurement takes at most 15 ms; read earlier and the chip NACKs. */
    public static final Duration MEASURING_TIME = Duration.ofMillis(20);
    private static final Range TEMPERATURE = new Range(-40, 125);

    private final I2cDevices<Measurement> devices;
    private final Duration measuringTime;

    public Sht31Driver(Context pi4j) {
        this(pi4j, MEASURING_TIME);
    }

    /** {@code measuringTime}: the wait between command and read; zero against the mock, which answers at once. */
    public Sht31Driver(Context pi4j, Duration measuringTime) {
        this.measuringTime = measuringTime;
        this.devices = new I2cDevices<>(pi4j, TYPE, this::measure);
    }

    record Measurement(double celsius, double humidity) {
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void check(Sensor sensor, String path, Problems problems) {
        DriverSettings settings = DriverSettings.checking(TYPE, sensor, path, problems, "bus", "address");
        I2cSettings.bus(settings);
        I2cSettings.address(settings, 0x44, 0x44, 0x45);
        settings.kinds(SensorKind.TEMPERATURE, SensorKind.HUMIDITY);
        settings.stuckAfter();
    }

    @Override
    public SensorReader open(Sensor sensor) {
        DriverSettings settings = DriverSettings.opening(TYPE, sensor);
        settings.kinds(SensorKind.TEMPERATURE, SensorKind.HUMIDITY);
        var device = devices.acquire(I2cSettings.bus(settings), I2cSettings.address(settings, 0x44, 0x44, 0x45));
        boolean temperature = sensor.kind() == SensorKind.TEMPERATURE;
        SensorReader reader = temperature
                ? new ChipReader<>(sensor, devices, device, Measurement::celsius, TEMPERATURE, 2)
                : new ChipReader<>(sensor, devices, device, Measurement::humidity, Range.ANY, 2);
        return StuckDetector.wrap(reader, Range.of(sensor), settings.stuckAfter());
    }

    private Measurement measure(I2C chip) throws DeviceFailure {
        chip.write(MEASURE);
        pause();
        byte[] answer = new byte[6];
        int got = chip.read(answer, 0, answer.length);
        if (got != answer.length) {
            throw new DeviceFailure("short read: " + Math.max(got, 0) + " of 6 bytes");
        }
        if (crc8(answer, 0) != (answer[2] & 0xff) || crc8(answer, 3) != (answer[5] & 0xff)) {
            throw new DeviceFailure("CRC error");
        }
        int rawT = (answer[0] & 0xff) << 8 | answer[1] & 0xff;
        int rawRh = (answer[3] & 0xff) << 8 | answer[4] & 0xff;
        return new Measurement(-45 + 175.0 * rawT / 65535, 100.0 * rawRh / 65535);
    }

    private void pause() throws DeviceFailure {
        if (measuringTime.isZero()) {
            return;
        }
        try {
            Thread.sleep(measuringTime.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the agent is stopping
            throw new DeviceFailure("interrupted");
        }
    }

    /** Sensirion's CRC-8 over one two-byte word: polynomial 0x31, initial value 0xFF, no final XOR. */
    static int crc8(byte[] data, int offset) {
        int crc = 0xff;
        for (int i = offset; i < offset + 2; i++) {
            crc ^= data[i] & 0xff;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? (crc << 1 ^ 0x31) & 0xff : crc << 1 & 0xff;
            }
        }
        return crc;
    }
}
