package id.jaga.simulator;

import id.jaga.agent.AgentMain;
import id.jaga.agent.RackAgent;
import id.jaga.config.Agent;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.driver.SimulatedInputs;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Every agent of a site, running the real agent code in this process, reading the simulated
 * world held in {@link #inputs()}.
 */
public final class SimulatedSite implements AutoCloseable {
    private final SimulatedInputs inputs = new SimulatedInputs();
    private final List<RackAgent> agents = new ArrayList<>();

    public SimulatedSite(SiteConfig site, Path stateDir, Clock clock) {
        for (Agent agent : site.agents()) {
            agents.add(new RackAgent(site, agent.id(), AgentMain.drivers(inputs), stateDir, clock));
        }
    }

    public SimulatedSite start() {
        agents.forEach(RackAgent::start);
        return this;
    }

    public SimulatedInputs inputs() {
        return inputs;
    }

    public List<RackAgent> agents() {
        return List.copyOf(agents);
    }

    @Override
    public void close() {
        agents.forEach(RackAgent::close);
    }
}
