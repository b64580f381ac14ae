package id.jaga.simulator;

import id.jaga.agent.AgentMain;
import id.jaga.config.ConfigException;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.driver.SimulatedInputs;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/** {@code jaga check FILE...}: validates site files as agent and controller would, without starting anything. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Checks site files and lists every problem with file, line, column and path.")
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Site files (YAML).")
    List<Path> files;

    @Override
    public Integer call() {
        SiteLoader loader = new SiteLoader(List.of(AgentMain.drivers(new SimulatedInputs()).siteCheck()));
        int failed = 0;
        for (Path file : files) {
            try {
                SiteConfig site = loader.load(file);
                spec.commandLine().getOut().printf("%s: OK (site %s: %d rooms, %d racks, %d agents, %d sensors, %d DRC sites)%n", file,
                        site.site().id(), site.rooms().size(), site.racks().size(), site.agents().size(),
                        site.sensors().count(), site.drcSites().size());
            } catch (ConfigException e) {
                spec.commandLine().getErr().println(e.getMessage());
                failed++;
            }
        }
        return failed == 0 ? 0 : 2;
    }
}
