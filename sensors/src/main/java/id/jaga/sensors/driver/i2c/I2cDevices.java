package id.jaga.sensors.driver.i2c;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfigBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The chips of one I2C driver, one per bus and address, each shared by every sensor that names it:
 * an SHT31 serves a temperature and a humidity sensor from one measurement, an INA219 a voltage, a
 * current and a power sensor. A measurement younger than the reader's {@code maxAge} is served
 * again instead of talking to the bus once more, failures included, so all sensors of a chip agree.
 *
 * @param <T> what one measurement of the chip yields
 */
final class I2cDevices<T> {
    /** Takes one measurement; Pi4J reports bus errors as runtime exceptions. */
    interface Measure<T> {
        T take(I2C chip) throws DeviceFailure;
    }

    private final Context pi4j;
    private final String type;
    private final Measure<T> measure;
    private final Map<String, Device> open = new HashMap<>();

    I2cDevices(Context pi4j, String type, Measure<T> measure) {
        this.pi4j = pi4j;
        this.type = type;
        this.measure = measure;
    }

    /** The Pi4J id of a chip, e.g. {@code sht31-1-0x44}; tests find the mock chip by it. */
    static String id(String type, int bus, int address) {
        return type + "-" + bus + "-0x" + Integer.toHexString(address);
    }

    synchronized Device acquire(int bus, int address) {
        Device device = open.computeIfAbsent(id(type, bus, address), id -> new Device(id, bus, address));
        device.users++;
        device.connect(); // now, so a test can reach the mock chip; a failure is retried and reported by read()
        return device;
    }

    synchronized void release(Device device) {
        if (--device.users == 0) {
            open.remove(device.id);
            device.disconnect();
        }
    }

    /** A measurement, or why there is none. */
    record Result<T>(T value, String failure) {
    }

    final class Device {
        private final String id;
        private final int bus;
        private final int address;
        private int users;
        private I2C chip;
        private String connectFailure;
        private Instant takenAt;
        private Result<T> last;

        private Device(String id, int bus, int address) {
            this.id = id;
            this.bus = bus;
            this.address = address;
        }

        synchronized Result<T> read(Instant now, Duration maxAge) {
            if (takenAt != null && !now.isBefore(takenAt) && Duration.between(takenAt, now).compareTo(maxAge) <= 0) {
                return last;
            }
            takenAt = now;
            last = take();
            return last;
        }

        private Result<T> take() {
            if (!connect()) {
                return new Result<>(null, "I2C bus " + bus + " not available: " + connectFailure);
            }
            try {
                return new Result<>(measure.take(chip), null);
            } catch (DeviceFailure e) {
                return new Result<>(null, e.getMessage());
            } catch (RuntimeException e) {
                // the chip did not acknowledge (absent, unpowered, wrong address) or the bus failed
                return new Result<>(null, "I/O error at 0x" + Integer.toHexString(address) + ": " + message(e));
            }
        }

        private synchronized boolean connect() {
            if (chip == null) {
                try {
                    chip = pi4j.create(I2CConfigBuilder.newInstance(pi4j).id(id).bus(bus).device(address).build());
                    connectFailure = null;
                } catch (RuntimeException e) {
                    connectFailure = message(e);
                }
            }
            return chip != null;
        }

        private synchronized void disconnect() {
            if (chip != null) {
                try {
                    pi4j.shutdown(id); // closes the chip and frees its id in the context's registry
                } catch (RuntimeException e) {
                    // the context may be shut down already; nothing left to free
                }
                chip = null;
            }
        }
    }

    private static String message(RuntimeException e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
