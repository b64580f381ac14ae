package id.jaga.agent;

import com.pi4j.context.Context;
import id.jaga.sensors.driver.Drivers;
import id.jaga.sensors.driver.SensorDriver;
import id.jaga.sensors.driver.SimulatedDriver;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.driver.i2c.PiContexts;
import id.jaga.sensors.driver.reader.BadgeReaders;
import id.jaga.sensors.output.OutputDriver;
import java.util.ArrayList;
import java.util.List;

/**
 * For tests only: the production agent's drivers ({@link AgentMain#drivers}) with the {@code simulated}
 * sensor, output and reader drivers added, reading and switching {@code world}. The production agent
 * itself has no simulated drivers (the simulator module has its own registry, {@code SimulatorDrivers}).
 */
final class TestDrivers {
    private static final Context MOCK = PiContexts.mock();

    private TestDrivers() {
    }

    static Drivers withSimulated(SimulatedInputs world, Context board) {
        List<SensorDriver> sensors = new ArrayList<>(List.of(new SimulatedDriver(world)));
        sensors.addAll(AgentMain.sensorDrivers(board));
        List<OutputDriver> outputs = new ArrayList<>(List.of(world.outputs()));
        outputs.addAll(AgentMain.outputDrivers(board));
        return new Drivers(sensors, outputs, new BadgeReaders(world, board));
    }

    static Drivers withSimulated(SimulatedInputs world) {
        return withSimulated(world, MOCK);
    }
}
