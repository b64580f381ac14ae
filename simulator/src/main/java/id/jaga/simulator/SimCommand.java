package id.jaga.simulator;

import id.jaga.simulator.load.LoadCommand;
import id.jaga.simulator.scenario.RunCommand;
import picocli.CommandLine.Command;

/** {@code jaga sim ...}: simulations that stand in for parts of a site. */
@Command(name = "sim", mixinStandardHelpOptions = true, subcommands = {LoadCommand.class, RunCommand.class},
        description = "Simulations that stand in for parts of a site.")
public final class SimCommand {
}
