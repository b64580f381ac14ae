package id.jaga.sensors.driver.i2c;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.exception.Pi4JException;
import com.pi4j.io.exception.IOException;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProviderImpl;
import java.util.Arrays;

/**
 * How the tests talk to Pi4J 2.8.0's mock I2C chips. The mock is not a device model: it keeps one
 * byte queue for raw reads and writes and one byte queue per register. A register read pops what
 * the test put into that register beforehand ({@code writeRegister}), which is exactly how the
 * INA219 driver reads. Raw writes and reads share one queue, so for the SHT31's write-command-
 * then-read the test queues the six answer bytes first; the driver's read takes them, and the
 * command it wrote stays behind for {@link #sent} to check.
 */
final class MockChips {
    private MockChips() {
    }

    /** The mock chip a driver opened, by its Pi4J id, e.g. {@code sht31-1-0x44}. */
    static MockI2C chip(Context pi4j, String id) {
        return pi4j.registry().get(id, MockI2C.class);
    }

    /** Queues what the chip will answer to the next raw read. */
    static void answer(MockI2C chip, int... bytes) {
        chip.write(bytes(bytes));
    }

    /** Drains what the driver wrote raw since the last call (after its reads took the queued answers). */
    static byte[] sent(MockI2C chip) {
        byte[] buffer = new byte[64];
        int n = chip.read(buffer, 0, buffer.length);
        return Arrays.copyOf(buffer, Math.max(n, 0));
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** What can go wrong on a real bus, which the mock never does by itself. */
    enum Fault {
        NONE,
        /** The chip does not acknowledge: the Linux provider throws, as it does for EREMOTEIO. */
        NO_ACKNOWLEDGE,
        /** The chip stops sending after three bytes. */
        SHORT_READ
    }

    /**
     * A mock I2C provider whose chips can fail like real ones, and whose first {@code createFailures}
     * chips cannot be created, as when the i2c-dev module is not loaded. Test code only: the drivers
     * see a plain Pi4J context.
     */
    static final class FaultyProvider extends MockI2CProviderImpl {
        volatile Fault fault = Fault.NONE;
        int createFailures;

        Context newContext() {
            return Pi4J.newContextBuilder().add(new MockPlatform()).add(this).build();
        }

        @Override
        public I2C create(I2CConfig config) {
            if (createFailures > 0) {
                createFailures--;
                throw new Pi4JException("Sysfs validation failed for I2C bus " + config.bus()
                        + ": path '/sys/bus/i2c/devices/i2c-" + config.bus() + "' does not exist.");
            }
            MockI2C chip = new MockI2C(this, config) {
                @Override
                public int write(byte[] data, int offset, int length) {
                    if (fault == Fault.NO_ACKNOWLEDGE) {
                        throw new IOException("Remote I/O error");
                    }
                    return super.write(data, offset, length);
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return switch (fault) {
                        case NONE -> super.read(buffer, offset, length);
                        case NO_ACKNOWLEDGE -> throw new IOException("Remote I/O error");
                        case SHORT_READ -> super.read(buffer, offset, Math.min(length, 3));
                    };
                }

                @Override
                public int readRegister(int register, byte[] buffer, int offset, int length) {
                    if (fault == Fault.NO_ACKNOWLEDGE) {
                        throw new IOException("Remote I/O error");
                    }
                    return super.readRegister(register, buffer, offset, length);
                }
            };
            this.context.registry().add(chip);
            return chip;
        }
    }
}
