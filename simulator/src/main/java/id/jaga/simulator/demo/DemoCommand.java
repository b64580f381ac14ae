package id.jaga.simulator.demo;

import id.jaga.simulator.SimulatorDrivers;
import id.jaga.config.ConfigException;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.controller.Controller;
import id.jaga.controller.SiteFileWatcher;
import id.jaga.controller.auth.Accounts;
import id.jaga.controller.auth.Role;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.simulator.SimulatedSite;
import id.jaga.simulator.model.ModelRunner;
import id.jaga.simulator.model.PhysicalModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code jaga demo}: embedded broker, controller with H2, and a simulated site whose agents run the
 * real agent code, all in one process. The site's physical model (docs/simulator.md) writes what the
 * simulated sensors read; lines typed at the prompt change the model or set readings by hand.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Starts the embedded broker, the controller and a simulated site in one process.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final String HELP = """
            Commands:
              set <sensor> <value>     the sensor reads this value, e.g.  set rack-2-inlet 30
              text <sensor> <tokens>   a UPS status, e.g.  text ups-status OB DISCHRG
              fail <sensor> <reason>   the sensor fails, e.g.  fail rack-1-inlet CRC error
              release <sensor>         back to its normal simulated value
              badge <reader> <card>    someone badges at a door, e.g.  badge reader-main 1001  (then: set door-main 1)
              pin <reader> <digits>    someone types a PIN on the reader's keypad
              cooling <unit> fail|restore   a cooling unit breaks down or is repaired, e.g.  cooling crac-1 fail
              mains off|on|<volts>     a mains outage (the UPS runs on battery, cooling stops), its return, or a sag
              load <rack> <watts>      the rack's servers draw this much, e.g.  load rack-2 4000
              model                    the physical model now: room temperatures, UPS, energy and PUE
              sensors                  list the sensors
              quit                     stop the demo""";

    static final String DEMO_PASSWORD = "jaga-demo-login";
    static final Map<String, Role> DEMO_USERS = new LinkedHashMap<>();

    static {
        DEMO_USERS.put("demo-viewer", Role.VIEWER);
        DEMO_USERS.put("demo-operator", Role.OPERATOR);
        DEMO_USERS.put("demo-security", Role.SECURITY_OFFICER);
        DEMO_USERS.put("demo-admin", Role.ADMIN);
    }

    @Option(names = "--site", defaultValue = "config/examples/demo.yaml", description = "Site file (default: ${DEFAULT-VALUE}).")
    Path site;

    @Option(names = "--data-dir", defaultValue = "data", description = "Database, broker and agent state (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        SiteConfig config;
        SiteLoader loader = new SiteLoader(List.of(SimulatorDrivers.of(new SimulatedInputs()).siteCheck()));
        try {
            config = loader.load(site);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        config = SimulatedSite.withAgentKeys(config, dataDir.resolve("agent-keys"));
        Controller controller = Controller.start(config, dataDir, Clock.systemUTC());
        SiteFileWatcher watcher = new SiteFileWatcher(site, controller, loader, Duration.ofSeconds(2));
        SimulatedSite simulated = new SimulatedSite(controller.site(), dataDir.resolve("agents"), Clock.systemUTC());
        // The room's physics in real time: the agents' first polls already read the model.
        PhysicalModel model = new PhysicalModel(controller.site(), simulated.inputs(), Clock.systemUTC().instant());
        ModelRunner physics = ModelRunner.start(model, Clock.systemUTC(), Duration.ofMillis(250));
        simulated.start(); // the agents come up with the controller, well within their offlineAfter
        createDemoLogins(controller.accounts());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watcher.close();
            physics.close();
            // The controller stops listening first: the agents' farewells are the demo ending, not agents going offline.
            controller.stopListening();
            simulated.close();
            controller.close();
            stopped.countDown();
        }, "demo-shutdown"));

        PrintStream out = System.out;
        out.println();
        out.println("Jaga demo: site '" + config.site().id() + "' with " + simulated.agents().size() + " simulated agents");
        out.println("  Console: " + controller.apiUrl() + "/  (open in a browser; sign in with a demo login)");
        out.println("  API:    " + controller.apiUrl() + "  (POST /api/session to sign in, then /api/racks, /api/alarms)");
        out.println("  DEMO LOGINS (this demo only; never use its data folder in production):");
        out.println("          " + String.join(", ", DEMO_USERS.keySet()) + "  password: " + DEMO_PASSWORD);
        out.println("  MQTT:   " + controller.brokerUri() + "  (alarms on " + controller.topics().alarm() + ")");
        controller.opcUaUrl().ifPresent(url -> out.println("  OPC UA: " + url
                + "  (anonymous or a demo login; docs/opcua.md)"));
        out.println("  Data:   " + dataDir.toAbsolutePath());
        out.println(HELP);
        prompt(simulated.inputs(), config, model, out);
        stopped.await();
        return 0;
    }

    /** One announced login per role, so the demo can be tried without setting up users. */
    private static void createDemoLogins(Accounts accounts) throws Exception {
        for (var user : DEMO_USERS.entrySet()) {
            if (accounts.find(user.getKey()).isEmpty()) {
                accounts.create(user.getKey(), DEMO_PASSWORD, user.getValue());
            }
        }
    }

    private static void prompt(SimulatedInputs inputs, SiteConfig site, PhysicalModel model, PrintStream out) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String answer = DemoConsole.apply(line, inputs, site, model);
            if (answer == null) {
                System.exit(0);
            }
            out.println(answer);
        }
        // No terminal (e.g. started in the background): keep running until stopped.
    }
}
