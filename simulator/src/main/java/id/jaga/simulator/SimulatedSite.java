package id.jaga.simulator;

import id.jaga.agent.AgentMain;
import id.jaga.agent.RackAgent;
import id.jaga.config.Agent;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.driver.SimulatedInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
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

    /**
     * The site with a command key for every agent that has none, made once under {@code keyDir}
     * (owner-only): a simulated site opens its doors by signed commands like a real one.
     */
    public static SiteConfig withCommandKeys(SiteConfig site, Path keyDir) throws IOException {
        Files.createDirectories(keyDir);
        List<Agent> agents = new ArrayList<>();
        for (Agent agent : site.agents()) {
            if (agent.commandKeyFile() != null) {
                agents.add(agent);
                continue;
            }
            Path key = keyDir.resolve(agent.id() + ".key");
            if (!Files.exists(key)) {
                byte[] secret = new byte[48];
                new SecureRandom().nextBytes(secret);
                Files.writeString(key, Base64.getEncoder().encodeToString(secret));
                try {
                    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the demo's key is only as private as its folder
                }
            }
            agents.add(agent.withCommandKeyFile(key.toString()));
        }
        return site.withAgents(agents);
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
