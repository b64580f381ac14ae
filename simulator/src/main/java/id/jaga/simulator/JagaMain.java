package id.jaga.simulator;

import id.jaga.simulator.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The simulator's entry point; {@code ./jaga} dispatches its simulation subcommands here. */
@Command(name = "jaga", mixinStandardHelpOptions = true, subcommands = {DemoCommand.class},
        description = "Jaga simulator: the one-process demo (more simulation commands come here).")
public final class JagaMain {
    public static void main(String[] args) {
        System.exit(new CommandLine(new JagaMain()).execute(args));
    }
}
