package id.jaga.simulator.scenario;

import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.simulator.model.PhysicalModel;

/** What a scenario's actions can reach while it runs: the room, the agents, the network, the operator's console. */
interface Stage {
    /** The room's physics: heat, power, smoke, doors, sensor faults. */
    PhysicalModel model();

    /** The world as the simulated sensors and readers read it, for what the model leaves to people (a PIN typed). */
    SimulatedInputs inputs();

    void crash(String agent);

    void restart(String agent);

    /** Every MQTT client's path to the broker held (down) or flowing again (up). */
    void broker(boolean reachable);

    /** One agent's path to the broker held or flowing again. */
    void partition(String agent, boolean cut);

    /** An operator's failover decision through the controller's API; returns the controller's answer. */
    String failover(String decision) throws Exception;

    /** A DRC stand-in answers its health probe, or stops answering. */
    void drc(String drc, boolean healthy);
}
