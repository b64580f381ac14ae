package id.jaga.sensors.driver.i2c;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.analog.MockAnalogInputProvider;
import com.pi4j.plugin.mock.provider.gpio.analog.MockAnalogOutputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import com.pi4j.plugin.mock.provider.serial.MockSerialProvider;
import com.pi4j.plugin.mock.provider.spi.MockSpiProvider;

/** The Pi4J contexts the I2C drivers run on. Whoever makes one shuts it down ({@code context.shutdown()}) at exit. */
public final class PiContexts {
    private PiContexts() {
    }

    /**
     * The board's own context: Pi4J picks the platform and I/O providers found on the class path.
     * I2C on the board needs {@code pi4j-plugin-linuxfs} (and {@code pi4j-plugin-raspberrypi}) there;
     * Pi4J skips the mock plugin when it detects a Raspberry Pi, so having it on the path is harmless.
     */
    public static Context real() {
        return Pi4J.newAutoContext();
    }

    /**
     * A context of mock providers only, for tests and the simulator. Built explicitly rather than
     * auto-detected so it never picks a real provider, and so it works on a Pi too.
     */
    public static Context mock() {
        return Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockAnalogInputProvider.newInstance(), MockAnalogOutputProvider.newInstance(),
                        MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                        MockPwmProvider.newInstance(), MockI2CProvider.newInstance(),
                        MockSpiProvider.newInstance(), MockSerialProvider.newInstance())
                .build();
    }
}
