package id.jaga.simulator.hardware;

import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProviderImpl;
import java.util.Arrays;
import java.util.Map;

/**
 * Pi4J's mock I2C provider with chip models behind it: the device a driver opens at a bus and
 * address is the {@link I2cChip} there, or nothing that acknowledges. The mock's own device is a
 * byte queue that answers whatever a test queued; these answer as the chips do.
 */
final class ChipBus extends MockI2CProviderImpl {
    /** Where a chip sits on the Pi's I2C buses. */
    record Address(int bus, int address) {
    }

    private final Map<Address, I2cChip> chips;

    ChipBus(Map<Address, I2cChip> chips) {
        this.chips = Map.copyOf(chips);
    }

    @Override
    public I2C create(I2CConfig config) {
        I2C device = new Device(this, config, chips.getOrDefault(new Address(config.bus(), config.device()), I2cChip.ABSENT));
        context.registry().add(device);
        return device;
    }

    /** A Pi4J I2C device whose byte-level calls, the ones drivers make, go to the chip. */
    private static final class Device extends MockI2C {
        private final I2cChip chip;

        Device(I2CProvider provider, I2CConfig config, I2cChip chip) {
            super(provider, config);
            this.chip = chip;
        }

        @Override
        public int write(byte b) {
            return write(new byte[] {b}, 0, 1);
        }

        @Override
        public int write(byte[] data, int offset, int length) {
            chip.write(Arrays.copyOfRange(data, offset, offset + length));
            return length;
        }

        @Override
        public int read() {
            return chip.read(1)[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return copy(chip.read(length), buffer, offset);
        }

        @Override
        public int writeRegister(int register, byte b) {
            return writeRegister(register, new byte[] {b}, 0, 1);
        }

        @Override
        public int writeRegister(int register, byte[] data, int offset, int length) {
            chip.writeRegister(register, Arrays.copyOfRange(data, offset, offset + length));
            return length;
        }

        @Override
        public int readRegister(int register) {
            return chip.readRegister(register, 1)[0] & 0xff;
        }

        @Override
        public int readRegister(int register, byte[] buffer, int offset, int length) {
            return copy(chip.readRegister(register, length), buffer, offset);
        }

        /** A register address of several bytes, e.g. a 16-bit command, then a read. */
        @Override
        public int readRegister(byte[] register, byte[] buffer, int offset, int length) {
            chip.write(register.clone());
            return read(buffer, offset, length);
        }

        private static int copy(byte[] answer, byte[] buffer, int offset) {
            System.arraycopy(answer, 0, buffer, offset, answer.length);
            return answer.length;
        }
    }
}
