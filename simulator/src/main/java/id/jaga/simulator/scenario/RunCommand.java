package id.jaga.simulator.scenario;

import id.jaga.config.ConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jaga sim run FILE}: plays a scenario against an embedded broker, the controller and the
 * simulated site, prints the timeline and a verdict per expectation. Exit code 0 when every
 * expectation is met, 1 when one is not, 2 when the file cannot be used.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a scenario (simulator/scenarios/*.yaml) and judges its expectations: exit 0 pass, 1 fail, 2 bad file.")
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The scenario file (YAML).")
    Path file;

    @Option(names = "--report", paramLabel = "HTML", description = "Also write the run as a self-contained HTML page.")
    Path report;

    @Option(names = "--speed", paramLabel = "N", description = "Scenario seconds per wall-clock second (overrides the file's speed).")
    Double speed;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the physical model and sensor noise (overrides the file's seed).")
    Long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Scenario scenario;
        try {
            scenario = new ScenarioLoader().load(file);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        if (speed != null && !(speed >= 1)) {
            spec.commandLine().getErr().println("--speed must be 1 or more, not " + speed);
            return 2;
        }
        scenario = scenario.with(seed != null ? seed : scenario.seed(), speed != null ? speed : scenario.speed());
        out.printf("Running '%s' at %sx...%n", scenario.name(), Speeds.format(scenario.speed()));
        out.flush();
        RunResult result = new ScenarioRunner().run(scenario);
        TextReport.print(result, out);
        if (report != null) {
            HtmlReport.write(result, report);
            out.println("Report: " + report.toAbsolutePath());
        }
        out.flush();
        return result.passed() ? 0 : 1;
    }
}
