package id.jaga.simulator;

import id.jaga.config.Agent;
import id.jaga.config.ConfigException;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.driver.SimulatedDriver;
import id.jaga.sensors.driver.SimulatedInputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/**
 * {@code jaga check FILE...}: validates site files as agent and controller would, without starting
 * anything. It accepts the {@code simulated} drivers the simulator and the demo run, and notes where a
 * file uses them: the production agent refuses such a file.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Checks site files and lists every problem with file, line, column and path.")
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Site files (YAML).")
    List<Path> files;

    @Override
    public Integer call() {
        SiteLoader loader = new SiteLoader(List.of(SimulatorDrivers.of(new SimulatedInputs()).siteCheck()));
        int failed = 0;
        for (Path file : files) {
            try {
                SiteConfig site = loader.load(file);
                spec.commandLine().getOut().printf("%s: OK (site %s: %d rooms, %d racks, %d agents, %d sensors, %d DRC sites)%n", file,
                        site.site().id(), site.rooms().size(), site.racks().size(), site.agents().size(),
                        site.sensors().count(), site.drcSites().size());
                List<String> simulated = simulated(site);
                if (!simulated.isEmpty()) {
                    spec.commandLine().getOut().printf("%s: note: %d use%s of the simulated driver (%s%s): the simulator and the demo"
                            + " run them, a production agent (jaga agent) refuses this file%n", file, simulated.size(),
                            simulated.size() == 1 ? "" : "s", String.join(", ", simulated.subList(0, Math.min(3, simulated.size()))),
                            simulated.size() > 3 ? ", ..." : "");
                }
            } catch (ConfigException e) {
                spec.commandLine().getErr().println(e.getMessage());
                failed++;
            }
        }
        return failed == 0 ? 0 : 2;
    }

    /** The sensors, outputs and badge readers that make up their values or switch nothing. */
    private static List<String> simulated(SiteConfig site) {
        List<String> found = new ArrayList<>();
        site.sensors().filter(p -> SimulatedDriver.TYPE.equals(p.sensor().driverType())).forEach(p -> found.add("sensor " + p.sensor().id()));
        for (Agent agent : site.agents()) {
            agent.outputs().stream().filter(o -> SimulatedDriver.TYPE.equals(o.driverType())).forEach(o -> found.add("output " + o.id()));
            agent.readers().stream().filter(r -> SimulatedDriver.TYPE.equals(r.driverType())).forEach(r -> found.add("reader " + r.id()));
        }
        return found;
    }
}
