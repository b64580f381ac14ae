package id.jaga.agent;

import id.jaga.agent.watchdog.Watchdog;
import id.jaga.config.ConfigException;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.driver.Drivers;
import id.jaga.sensors.driver.SimulatedDriver;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.driver.nut.NutDriver;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code jaga agent --site FILE --agent ID}: runs one rack-row agent until stopped. */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = AgentMain.Version.class,
        description = "Runs the rack-row agent: reads its sensors and publishes them over MQTT.")
public final class AgentMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--site", required = true, description = "Site file (YAML).")
    Path site;

    @Option(names = "--agent", required = true, description = "Id of this agent in the site file.")
    String agentId;

    @Option(names = "--state-dir", defaultValue = "/var/lib/jaga", description = "Where the sequence counters and the message queue are kept (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--broker", split = ",", description = "Broker URI(s), replacing the site file's.")
    List<String> brokers;

    @Option(names = "--watchdog", description = "Hardware watchdog device to feed while healthy, e.g. /dev/watchdog.")
    Path watchdogDevice;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AgentMain()).execute(args));
    }

    /** The drivers of this build. The hardware drivers join this list. */
    public static Drivers drivers(SimulatedInputs inputs) {
        return new Drivers(List.of(new SimulatedDriver(inputs), new NutDriver()), List.of(inputs.outputs()));
    }

    @Override
    public Integer call() throws InterruptedException {
        Drivers drivers = drivers(new SimulatedInputs());
        SiteConfig config;
        try {
            config = new SiteLoader(List.of(drivers.siteCheck())).checkingFiles().load(site);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        if (brokers != null) {
            config = config.withBrokerUris(brokers);
        }
        if (config.agent(agentId).isEmpty()) {
            spec.commandLine().getErr().println(site + ": no agent '" + agentId + "'; known: "
                    + config.agents().stream().map(id.jaga.config.Agent::id).toList());
            return 2;
        }
        RackAgent agent = new RackAgent(config, agentId, drivers, stateDir, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        agent.start();
        Watchdog watchdog = watchdogDevice == null ? null : new Watchdog(watchdogDevice, 5_000, agent::healthy);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            if (watchdog != null) {
                watchdog.close();
            }
            stopped.countDown();
        }, "agent-shutdown"));
        stopped.await();
        return 0;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jaga agent " + RackAgent.VERSION};
        }
    }
}
