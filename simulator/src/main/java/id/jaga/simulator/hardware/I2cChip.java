package id.jaga.simulator.hardware;

import com.pi4j.io.exception.IOException;

/**
 * A chip on an I2C bus as the Pi sees it: raw writes and reads, and register reads and writes
 * (the register's address written first). Where a real chip would not acknowledge, this throws
 * Pi4J's {@link IOException}, as Pi4J's Linux provider does for the kernel's EREMOTEIO.
 */
interface I2cChip {
    /** No chip at that address: nothing acknowledges. */
    I2cChip ABSENT = new I2cChip() {
        @Override
        public void write(byte[] data) {
            throw noAcknowledge();
        }

        @Override
        public byte[] read(int length) {
            throw noAcknowledge();
        }
    };

    void write(byte[] data);

    byte[] read(int length);

    /** A register read is the register's address written, then a read. */
    default byte[] readRegister(int register, int length) {
        write(new byte[] {(byte) register});
        return read(length);
    }

    /** A register write is the register's address, then the data, in one write. */
    default void writeRegister(int register, byte[] data) {
        byte[] all = new byte[data.length + 1];
        all[0] = (byte) register;
        System.arraycopy(data, 0, all, 1, data.length);
        write(all);
    }

    static IOException noAcknowledge() {
        return new IOException("Remote I/O error");
    }
}
