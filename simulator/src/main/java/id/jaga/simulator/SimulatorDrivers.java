package id.jaga.simulator;

import com.pi4j.context.Context;
import id.jaga.agent.AgentMain;
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
 * The simulator's driver registry: the production agent's hardware drivers ({@link AgentMain#drivers})
 * and the {@code simulated} sensor, output and reader drivers, which read and switch {@link SimulatedInputs}.
 * The production agent has no simulated drivers and refuses a site file that names one; the simulator,
 * the demo and {@code jaga check} run the real agent code with these.
 */
public final class SimulatorDrivers {
    private SimulatorDrivers() {
    }

    /** Every driver, the Pi4J ones on {@code board} (an agent's fake Pi), the simulated ones on {@code inputs}. */
    public static Drivers of(SimulatedInputs inputs, Context board) {
        List<SensorDriver> sensors = new ArrayList<>(List.of(new SimulatedDriver(inputs)));
        sensors.addAll(AgentMain.sensorDrivers(board));
        List<OutputDriver> outputs = new ArrayList<>(List.of(inputs.outputs()));
        outputs.addAll(AgentMain.outputDrivers(board));
        return new Drivers(sensors, outputs, new BadgeReaders(inputs, board));
    }

    /** Every driver, the Pi4J ones on a mock board: for site checks and tests. */
    public static Drivers of(SimulatedInputs inputs) {
        return of(inputs, MockBoard.CONTEXT);
    }

    /** One mock board per process, made when first needed. */
    private static final class MockBoard {
        static final Context CONTEXT = PiContexts.mock();
    }
}
