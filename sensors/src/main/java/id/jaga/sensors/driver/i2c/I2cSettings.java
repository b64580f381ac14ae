package id.jaga.sensors.driver.i2c;

import id.jaga.sensors.driver.check.DriverSettings;

/** The {@code bus} and {@code address} settings every I2C driver takes. */
final class I2cSettings {
    /** {@code /dev/i2c-1} is the bus on the Pi's header pins 3 and 5. */
    static final int DEFAULT_BUS = 1;

    private I2cSettings() {
    }

    static int bus(DriverSettings settings) {
        return settings.integer("bus", DEFAULT_BUS, 0, 255);
    }

    static int address(DriverSettings settings, int fallback, int min, int max) {
        return settings.address("address", fallback, min, max);
    }
}
