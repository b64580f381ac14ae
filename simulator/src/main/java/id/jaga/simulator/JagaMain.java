package id.jaga.simulator;

import id.jaga.config.CallerDirectory;
import id.jaga.simulator.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The simulator's entry point; {@code ./jaga} dispatches its simulation subcommands here. */
@Command(name = "jaga", mixinStandardHelpOptions = true, subcommands = {DemoCommand.class, CheckCommand.class, BrokerConfigCommand.class, SimCommand.class},
        description = "Jaga: the one-process demo, site-file checks, broker configuration and load simulation.")
public final class JagaMain {
    public static void main(String[] args) {
        System.exit(CallerDirectory.execute(new CommandLine(new JagaMain()), args));
    }
}
