package id.jaga.sensors.driver.i2c;

import id.jaga.config.Sensor;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.driver.check.Range;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

/** One sensor's view of a shared chip: picks its value out of the chip's measurement. */
final class ChipReader<T> implements SensorReader {
    /** Sensors of one chip polled in the same round share a measurement up to this old. */
    private static final Duration SHARE_AT_MOST = Duration.ofSeconds(1);

    private final Sensor sensor;
    private final I2cDevices<T> devices;
    private final I2cDevices<T>.Device device;
    private final ToDoubleFunction<T> value;
    private final Range deviceRange;
    private final double scale;
    private final Duration maxAge;
    private boolean closed;

    /** {@code decimals}: the chip's resolution, so the wire does not carry float noise such as 0.30000000000000004. */
    ChipReader(Sensor sensor, I2cDevices<T> devices, I2cDevices<T>.Device device, ToDoubleFunction<T> value,
               Range deviceRange, int decimals) {
        this.sensor = sensor;
        this.devices = devices;
        this.device = device;
        this.value = value;
        this.deviceRange = deviceRange;
        this.scale = Math.pow(10, decimals);
        // half the poll interval: a sensor never gets the measurement it was served in its previous round
        Duration half = sensor.pollInterval().dividedBy(2);
        this.maxAge = half.compareTo(SHARE_AT_MOST) < 0 ? half : SHARE_AT_MOST;
    }

    @Override
    public Reading read(Instant now) {
        I2cDevices.Result<T> result = device.read(now, maxAge);
        if (result.failure() != null) {
            return Reading.failed(sensor.id(), Quality.BAD, result.failure(), sensor.unit(), now);
        }
        double v = Math.round(value.applyAsDouble(result.value()) * scale) / scale;
        return deviceRange.apply(Reading.good(sensor.id(), v, sensor.unit(), now));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            devices.release(device);
        }
    }
}
