package id.jaga.simulator.hardware;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.analog.MockAnalogInputProvider;
import com.pi4j.plugin.mock.provider.gpio.analog.MockAnalogOutputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import com.pi4j.plugin.mock.provider.serial.MockSerialProvider;
import com.pi4j.plugin.mock.provider.spi.MockSpiProvider;
import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.sensors.driver.check.DriverSettings;
import id.jaga.sensors.driver.i2c.Ina219Driver;
import id.jaga.sensors.driver.i2c.Sht31Driver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One agent's Raspberry Pi: Pi4J's mock platform with the agent's SHT31 and INA219 chips on its
 * I2C buses and its contacts and meters on its GPIO pins, all measuring the world. The board
 * outlives the agent, as a Pi outlives the process: a restarted agent finds the same chips and pins.
 */
final class Board implements AutoCloseable {
    private final Pins pins;
    private final Context context;

    /** {@code sensors}: this agent's sensors. */
    Board(World world, List<Sensor> sensors) {
        this.pins = new Pins(world, sensors);
        // as PiContexts.mock(), with the chip models for I2C and the wired pins for digital inputs
        this.context = Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockAnalogInputProvider.newInstance(), MockAnalogOutputProvider.newInstance(), pins,
                        MockDigitalOutputProvider.newInstance(), MockPwmProvider.newInstance(),
                        new ChipBus(chips(world, sensors)), MockSpiProvider.newInstance(), MockSerialProvider.newInstance())
                .build();
    }

    /** The Pi4J context the agent's drivers reach the board through. */
    Context context() {
        return context;
    }

    void changed(String sensor) {
        pins.changed(sensor);
    }

    /** One chip per bus and address, shared by the sensors that name it (as the drivers share it). */
    private static Map<ChipBus.Address, I2cChip> chips(World world, List<Sensor> sensors) {
        Map<ChipBus.Address, Map<SensorKind, Sensor>> sht31 = new HashMap<>();
        Map<ChipBus.Address, Map<SensorKind, Sensor>> ina219 = new HashMap<>();
        Map<ChipBus.Address, Double> shunts = new HashMap<>();
        for (Sensor sensor : sensors) {
            String type = sensor.driverType();
            if (Sht31Driver.TYPE.equals(type)) {
                sht31.computeIfAbsent(address(sensor, 0x44), a -> new HashMap<>()).putIfAbsent(sensor.kind(), sensor);
            } else if (Ina219Driver.TYPE.equals(type)) {
                ChipBus.Address at = address(sensor, 0x40);
                ina219.computeIfAbsent(at, a -> new HashMap<>()).putIfAbsent(sensor.kind(), sensor);
                shunts.putIfAbsent(at, DriverSettings.opening(type, sensor)
                        .positive("shuntOhms", Ina219Driver.DEFAULT_SHUNT_OHMS, 0));
            }
        }
        Map<ChipBus.Address, I2cChip> chips = new HashMap<>();
        sht31.forEach((at, s) -> chips.put(at, new Sht31Chip(world, s.get(SensorKind.TEMPERATURE), s.get(SensorKind.HUMIDITY))));
        ina219.forEach((at, s) -> chips.put(at, new Ina219Chip(world, s.get(SensorKind.VOLTAGE), s.get(SensorKind.CURRENT),
                s.get(SensorKind.POWER), shunts.get(at))));
        return chips;
    }

    /** The bus and address the driver opens: bus 1 (header pins 3 and 5) and the chip's first address unless set. */
    private static ChipBus.Address address(Sensor sensor, int firstAddress) {
        DriverSettings settings = DriverSettings.opening(sensor.driverType(), sensor);
        return new ChipBus.Address(settings.integer("bus", 1, 0, 255), settings.address("address", firstAddress, 0, 0x7f));
    }

    /** Power off. */
    @Override
    public void close() {
        context.shutdown();
    }
}
