package id.jaga.simulator.hardware;

import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.sensors.wire.Quality;
import java.util.Arrays;

/**
 * A Sensirion SHT31 answering as its datasheet says: the single-shot command 0x2400 measures the
 * world's temperature and humidity, and the next read returns temperature MSB, LSB, CRC, humidity
 * MSB, LSB, CRC. A read with no measurement waiting is not acknowledged. A sensor failing
 * {@link Quality#BAD} garbles its word's CRC; {@link Quality#STALE} makes the chip not answer.
 */
final class Sht31Chip implements I2cChip {
    private static final byte[] SINGLE_SHOT_HIGH_REPEATABILITY = {0x24, 0x00};

    private final World world;
    private final Sensor temperature;
    private final Sensor humidity;
    private byte[] measurement;

    /** Either sensor may be null: the chip still measures what it has no sensor for, at the quiet room's value. */
    Sht31Chip(World world, Sensor temperature, Sensor humidity) {
        this.world = world;
        this.temperature = temperature;
        this.humidity = humidity;
    }

    @Override
    public synchronized void write(byte[] data) {
        if (fault(temperature) == Quality.STALE || fault(humidity) == Quality.STALE) {
            throw I2cChip.noAcknowledge();
        }
        measurement = Arrays.equals(data, SINGLE_SHOT_HIGH_REPEATABILITY)
                ? encode(value(temperature, SensorKind.TEMPERATURE), value(humidity, SensorKind.HUMIDITY),
                        fault(temperature) == Quality.BAD, fault(humidity) == Quality.BAD)
                : null;
    }

    @Override
    public synchronized byte[] read(int length) {
        if (measurement == null) {
            throw I2cChip.noAcknowledge();
        }
        byte[] answer = Arrays.copyOf(measurement, Math.min(length, measurement.length));
        measurement = null;
        return answer;
    }

    private double value(Sensor sensor, SensorKind kind) {
        return sensor == null ? World.quiet(kind) : world.value(sensor);
    }

    private Quality fault(Sensor sensor) {
        return sensor == null ? null : world.fault(sensor);
    }

    /**
     * The six bytes of a measurement: S_T = (T + 45) / 175 x 65535 and S_RH = RH / 100 x 65535, each
     * clamped to 16 bits and followed by its CRC-8, which is inverted where {@code bad...} says so.
     */
    static byte[] encode(double celsius, double humidity, boolean badTemperature, boolean badHumidity) {
        byte[] answer = new byte[6];
        word(answer, 0, (celsius + 45) / 175 * 65535, badTemperature);
        word(answer, 3, humidity / 100 * 65535, badHumidity);
        return answer;
    }

    private static void word(byte[] answer, int at, double value, boolean badCrc) {
        int raw = (int) Math.max(0, Math.min(0xffff, Math.round(value)));
        answer[at] = (byte) (raw >> 8);
        answer[at + 1] = (byte) raw;
        int crc = crc8(answer[at], answer[at + 1]);
        answer[at + 2] = (byte) (badCrc ? ~crc : crc);
    }

    /** Sensirion's CRC-8: polynomial 0x31 (x^8 + x^5 + x^4 + 1), initial value 0xFF, no final XOR. */
    static int crc8(byte msb, byte lsb) {
        int crc = 0xff;
        for (byte b : new byte[] {msb, lsb}) {
            crc ^= b & 0xff;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? (crc << 1 ^ 0x31) & 0xff : crc << 1 & 0xff;
            }
        }
        return crc;
    }
}
