package id.jaga.simulator;

import id.jaga.agent.RackAgent;
import id.jaga.config.Agent;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.auth.AgentKeys;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.simulator.hardware.FakeHardware;
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
import java.util.function.Function;

/**
 * Every agent of a site, running the real agent code in this process, reading the simulated
 * world held in {@link #inputs()}: sensors with the {@code simulated} driver read it directly, those
 * with hardware drivers (DS18B20, SHT31, INA219, GPIO, S0, NUT) read it through {@link FakeHardware}.
 * Agents can crash (as in a power cut) and restart.
 */
public final class SimulatedSite implements AutoCloseable {
    private final SiteConfig site;
    private final Function<String, SiteConfig> agentSite;
    private final Path stateDir;
    private final Clock clock;
    private final SimulatedInputs inputs = new SimulatedInputs();
    private final FakeHardware hardware;
    private final Map<String, RackAgent> agents = new LinkedHashMap<>();

    /** {@code stateDir} keeps the agents' state, and under {@code hardware/} their 1-wire folders. */
    public SimulatedSite(SiteConfig site, Path stateDir, Clock clock) {
        this(site, agent -> site, stateDir, clock);
    }

    /**
     * {@code agentSite}: the site as one agent sees it, e.g. reaching the broker through a network
     * path of its own, or polling faster under a clock that runs faster than the wall; its hardware
     * sensors are pointed at the fakes as the site's are.
     */
    public SimulatedSite(SiteConfig site, Function<String, SiteConfig> agentSite, Path stateDir, Clock clock) {
        this.hardware = new FakeHardware(site, inputs, stateDir.resolve("hardware"));
        this.site = hardware.site();
        this.agentSite = agent -> hardware.pointedAtFakes(agentSite.apply(agent));
        this.stateDir = stateDir;
        this.clock = clock;
        for (Agent agent : site.agents()) {
            agents.put(agent.id(), newAgent(agent.id()));
        }
    }

    /**
     * The site with a command key and a message key for every agent that has none, made once under
     * {@code keyDir} (owner-only): a simulated site authenticates its messages and opens its doors by
     * signed commands like a real one.
     */
    public static SiteConfig withAgentKeys(SiteConfig site, Path keyDir) throws IOException {
        return AgentKeys.provision(withCommandKeys(site, keyDir), keyDir);
    }

    private static SiteConfig withCommandKeys(SiteConfig site, Path keyDir) throws IOException {
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
        return new RackAgent(agentSite.apply(id), id, SimulatorDrivers.of(inputs, hardware.board(id)), stateDir, clock);
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
        hardware.close();
    }
}
