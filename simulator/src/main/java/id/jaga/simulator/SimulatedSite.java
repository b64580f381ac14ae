package id.jaga.simulator;

import id.jaga.agent.AgentMain;
import id.jaga.agent.RackAgent;
import id.jaga.config.Agent;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.driver.SimulatedInputs;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every agent of a site, running the real agent code in this process, reading the simulated
 * world held in {@link #inputs()}. Agents can crash (as in a power cut) and restart.
 */
public final class SimulatedSite implements AutoCloseable {
    private final SiteConfig site;
    private final Path stateDir;
    private final Clock clock;
    private final SimulatedInputs inputs = new SimulatedInputs();
    private final Map<String, RackAgent> agents = new LinkedHashMap<>();

    public SimulatedSite(SiteConfig site, Path stateDir, Clock clock) {
        this.site = site;
        this.stateDir = stateDir;
        this.clock = clock;
        for (Agent agent : site.agents()) {
            agents.put(agent.id(), newAgent(agent.id()));
        }
    }

    private RackAgent newAgent(String id) {
        return new RackAgent(site, id, AgentMain.drivers(inputs), stateDir, clock);
    }

    public SimulatedSite start() {
        agents.values().forEach(RackAgent::start);
        return this;
    }

    public SimulatedInputs inputs() {
        return inputs;
    }

    public List<RackAgent> agents() {
        return List.copyOf(agents.values());
    }

    /** The agent dies as in a power cut: no goodbye, the broker sends its last will. */
    public synchronized void crash(String agent) {
        agents.get(agent).kill();
    }

    /** Starts the agent again from its state on disk, as after power returns. */
    public synchronized void restart(String agent) {
        RackAgent fresh = newAgent(agent);
        agents.put(agent, fresh);
        fresh.start();
    }

    @Override
    public synchronized void close() {
        agents.values().forEach(RackAgent::close);
    }
}
