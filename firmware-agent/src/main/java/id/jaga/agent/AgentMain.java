package id.jaga.agent;

import id.jaga.agent.watchdog.Watchdog;
import com.pi4j.context.Context;
import id.jaga.config.Agent;
import id.jaga.config.CallerDirectory;
import id.jaga.config.ConfigException;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.auth.AgentKeyRing;
import id.jaga.sensors.driver.Drivers;
import id.jaga.sensors.driver.SensorDriver;
import id.jaga.sensors.driver.gpio.GpioInputDriver;
import id.jaga.sensors.driver.gpio.GpioOutputDriver;
import id.jaga.sensors.driver.gpio.S0MeterDriver;
import id.jaga.sensors.driver.host.PiHealthDriver;
import id.jaga.sensors.driver.i2c.Ina219Driver;
import id.jaga.sensors.driver.i2c.PiContexts;
import id.jaga.sensors.driver.i2c.Sht31Driver;
import id.jaga.sensors.driver.nut.NutDriver;
import id.jaga.sensors.driver.onewire.Ds18b20Driver;
import id.jaga.sensors.driver.reader.BadgeReaders;
import id.jaga.sensors.driver.reader.WiegandReader;
import id.jaga.sensors.output.OutputDriver;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
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

    @Option(names = "--state-dir", defaultValue = "/var/lib/jaga", description = "Where the sequence counters, the message queue and the offline allow-list are kept (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--broker", split = ",", description = "Broker URI(s), replacing the site file's.")
    List<String> brokers;

    @Option(names = "--watchdog", description = "Hardware watchdog device to feed while healthy, e.g. /dev/watchdog.")
    Path watchdogDevice;

    public static void main(String[] args) {
        System.exit(CallerDirectory.execute(new CommandLine(new AgentMain()), args));
    }

    /** Driver types that reach the board through Pi4J. */
    static final Set<String> PI4J_TYPES = Set.of(Sht31Driver.TYPE, Ina219Driver.TYPE, GpioInputDriver.TYPE, S0MeterDriver.TYPE,
            WiegandReader.TYPE);

    /**
     * The drivers of the production agent: real hardware only, reached through {@code pi4j}. The
     * {@code simulated} sensor, output and reader drivers are not among them, so a site file that
     * names one is refused when it is loaded: on a Pi they would publish made-up readings as real ones.
     * The simulator adds them to these in its own registry ({@code SimulatorDrivers}).
     */
    public static Drivers drivers(Context pi4j) {
        return new Drivers(sensorDrivers(pi4j), outputDrivers(pi4j), new BadgeReaders(null, pi4j));
    }

    /** The sensor drivers for real hardware, the Pi4J ones on {@code pi4j}. */
    public static List<SensorDriver> sensorDrivers(Context pi4j) {
        return List.of(new NutDriver(), new Ds18b20Driver(), new Sht31Driver(pi4j), new Ina219Driver(pi4j),
                new PiHealthDriver(), new GpioInputDriver(pi4j), new S0MeterDriver(pi4j));
    }

    /** The output drivers for real hardware (relays on GPIO pins of {@code pi4j}). */
    public static List<OutputDriver> outputDrivers(Context pi4j) {
        return List.of(new GpioOutputDriver(pi4j));
    }

    /**
     * A mock board, one per process, made when first needed: for the Pi4J drivers of an agent that has
     * no Pi4J hardware (they are never opened) and for checking a site file before the board is known.
     */
    static Context mockBoard() {
        return MockBoard.CONTEXT;
    }

    private static final class MockBoard {
        static final Context CONTEXT = PiContexts.mock();
    }

    /** The real board only when this agent has Pi4J hardware; off a Pi the auto context only logs errors. */
    static boolean needsBoard(SiteConfig site, String agentId) {
        Agent agent = site.agent(agentId).orElseThrow();
        return site.sensors().anyMatch(p -> agentId.equals(p.sensor().agent()) && PI4J_TYPES.contains(p.sensor().driverType()))
                || agent.outputs().stream().anyMatch(o -> PI4J_TYPES.contains(o.driverType()))
                || agent.readers().stream().anyMatch(r -> PI4J_TYPES.contains(r.driverType()));
    }

    @Override
    public Integer call() throws InterruptedException {
        SiteConfig config;
        try {
            config = new SiteLoader(List.of(drivers(mockBoard()).siteCheck())).checkingFiles().load(site);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        if (brokers != null) {
            config = config.withBrokerUris(brokers);
        }
        if (config.agent(agentId).isEmpty()) {
            spec.commandLine().getErr().println(site + ": no agent '" + agentId + "'; known: "
                    + config.agents().stream().map(Agent::id).toList());
            return 2;
        }
        Context board = needsBoard(config, agentId) ? PiContexts.real() : null;
        Drivers drivers = drivers(board == null ? mockBoard() : board);
        RackAgent agent;
        try {
            agent = new RackAgent(config, agentId, drivers, stateDir, Clock.systemUTC());
        } catch (AgentKeyRing.KeyFileException e) {
            spec.commandLine().getErr().println(site + ": " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        agent.start();
        Watchdog watchdog = watchdogDevice == null ? null : new Watchdog(watchdogDevice, 5_000, agent::healthy);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            if (watchdog != null) {
                watchdog.close();
            }
            if (board != null) {
                board.shutdown(); // relays back to their shutdown (inactive) state
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
