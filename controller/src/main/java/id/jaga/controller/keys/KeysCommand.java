package id.jaga.controller.keys;

import id.jaga.config.Agent;
import id.jaga.config.CallerDirectory;
import id.jaga.config.ConfigException;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.auth.AgentKeyRing;
import id.jaga.sensors.auth.AgentKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jaga keys}: the agents' message keys (docs/configuration.md, "Agent keys"). {@code new} adds
 * a key to an agent's key file, {@code list} shows which keys each agent has, and {@code retire}
 * removes the keys older than the newest once every agent signs with it. No secret is ever printed.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, subcommands = {KeysCommand.New.class, KeysCommand.List.class,
        KeysCommand.Retire.class}, description = "The agents' message keys.")
public final class KeysCommand {
    public static void main(String[] args) {
        System.exit(CallerDirectory.execute(new CommandLine(new KeysCommand()), args));
    }

    /** The site file and one of its agents, with the clear errors every subcommand shares. */
    abstract static class OnSite {
        @Spec
        CommandSpec spec;

        @Option(names = "--site", required = true, description = "Site file (YAML): where each agent's keyFile is.")
        Path site;

        /** The site, or empty after saying why on standard error. */
        Optional<SiteConfig> load() {
            try {
                return Optional.of(new SiteLoader().load(site));
            } catch (ConfigException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return Optional.empty();
            }
        }

        /** The agent's key file, or empty after saying why. */
        Optional<Path> keyFile(SiteConfig config, String agentId) {
            Optional<Agent> agent = config.agent(agentId);
            if (agent.isEmpty()) {
                spec.commandLine().getErr().printf("%s: no agent '%s'; its agents are %s%n", site, agentId,
                        config.agents().stream().map(Agent::id).toList());
                return Optional.empty();
            }
            if (agent.get().keyFile() == null) {
                spec.commandLine().getErr().printf("%s: agent '%s' has no keyFile: add e.g. keyFile: /etc/jaga/keys/%s.keys"
                        + " to it first%n", site, agentId, agentId);
                return Optional.empty();
            }
            return Optional.of(Path.of(agent.get().keyFile()));
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    /** A subcommand on one agent's key file: the file found, then {@link #on}; an error says why and exits 2. */
    abstract static class OnAgent extends OnSite implements Callable<Integer> {
        @Option(names = "--agent", required = true, description = "The agent's id in the site file.")
        String agent;

        @Override
        public Integer call() {
            Optional<Path> file = load().flatMap(config -> keyFile(config, agent));
            if (file.isEmpty()) {
                return 2;
            }
            try {
                out().println(on(file.get()));
                return 0;
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 2;
            }
        }

        /** Does the work; returns what to tell the operator. */
        abstract String on(Path file);
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Adds a fresh 256-bit key to an agent's key file (made owner-only if new); older keys stay valid.")
    static final class New extends OnAgent {
        @Override
        String on(Path file) {
            return String.format("%s: key %s added for agent %s; the agent signs with it from its next start.%n"
                    + "Copy the file to the controller's host first (it accepts every key in the file), then to the agent's Pi%n"
                    + "(same path, owner-only), and regenerate the broker's passwords (./jaga broker-config).",
                    file, AgentKeys.append(file), agent);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Each agent's key file and key ids (never the keys).")
    static final class List extends OnSite implements Callable<Integer> {
        @Override
        public Integer call() {
            Optional<SiteConfig> config = load();
            if (config.isEmpty()) {
                return 2;
            }
            int problems = 0;
            for (Agent agent : config.get().agents()) {
                if (agent.keyFile() == null) {
                    out().printf("%-24s no keyFile%n", agent.id());
                    problems++;
                    continue;
                }
                try {
                    AgentKeyRing ring = AgentKeyRing.read(Path.of(agent.keyFile()));
                    out().printf("%-24s %s: keys %s, signs with %s%n", agent.id(), agent.keyFile(), ring.ids(), ring.newestId());
                } catch (AgentKeyRing.KeyFileException e) {
                    out().printf("%-24s %s%n", agent.id(), e.getMessage());
                    problems++;
                }
            }
            return problems == 0 ? 0 : 1;
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true,
            description = "Removes every key but the newest from an agent's key file, once the agent signs with the newest.")
    static final class Retire extends OnAgent {
        @Override
        String on(Path file) {
            return file + ": " + AgentKeys.retireAllButNewest(file) + " older key(s) removed; messages signed with them are refused from now on.";
        }
    }
}
