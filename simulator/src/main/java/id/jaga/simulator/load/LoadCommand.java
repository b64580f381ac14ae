package id.jaga.simulator.load;

import id.jaga.config.Broker;
import id.jaga.config.ConfigException;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.driver.SimulatedInputs;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jaga sim load}: many virtual agents publish simulated readings to a broker at a set rate,
 * for a controller started on the matching site file ({@code --write-site}).
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Virtual agents (one per rack) publish simulated readings over MQTT at a set rate.",
                "Write the matching site file first and start a controller on it:",
                "  ./jaga sim load --racks 500 --write-site load.yaml",
                "  ./jaga controller --site load.yaml",
                "  ./jaga sim load --racks 500 --rate 10000 --duration 60s"})
public final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", paramLabel = "URI", description = "MQTT broker (default: ${DEFAULT-VALUE}).")
    String broker;

    @Option(names = "--username", description = "MQTT user name.")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the MQTT password.")
    Path passwordFile;

    @Option(names = "--site-id", defaultValue = "load", description = "Site id, part of every topic (default: ${DEFAULT-VALUE}).")
    String siteId;

    @Option(names = "--topic-prefix", defaultValue = "jaga/v1", description = "Topic prefix (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--racks", defaultValue = "100", description = "Racks, one virtual agent each (default: ${DEFAULT-VALUE}).")
    int racks;

    @Option(names = "--sensors-per-rack", defaultValue = "20", description = "Sensors per rack (default: ${DEFAULT-VALUE}).")
    int sensorsPerRack;

    @Option(names = "--rate", defaultValue = "2000", description = "Readings per second, all agents together; each agent sends"
            + " one message with all its sensors per interval (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class, description = "How long to send (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--publishers", defaultValue = "2", description = "Publisher threads (default: ${DEFAULT-VALUE}).")
    int publishers;

    @Option(names = "--state-dir", defaultValue = "data/load-agents", paramLabel = "DIR",
            description = "Boot and sequence counters of the virtual agents, kept across runs as a real agent keeps them (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--write-site", paramLabel = "FILE", description = "Only write the matching site file and exit.")
    Path writeSite;

    @Option(names = "--keys-dir", defaultValue = "data/load-keys", paramLabel = "DIR",
            description = "The virtual agents' message keys, made when missing; the written site file names them (default: ${DEFAULT-VALUE}).")
    Path keysDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (rate <= 0 || publishers < 1) {
            spec.commandLine().getErr().println("--rate must be positive and --publishers at least 1");
            return 2;
        }
        LoadSite load;
        SiteConfig site;
        try {
            load = new LoadSite(siteId, new Broker(List.of(broker), topicPrefix, username,
                    passwordFile == null ? null : passwordFile.toString(), null), racks, sensorsPerRack, interval(), false, keysDir);
            site = load.provision(new SiteLoader().parse("generated load site", load.yaml()));
        } catch (IllegalArgumentException | ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        if (writeSite != null) {
            Files.writeString(writeSite, load.yaml());
            out.printf("wrote %s: site '%s', %d rooms, %d racks, %d agents, %d sensors; start the controller with%n"
                    + "  ./jaga controller --site %s%n", writeSite, siteId, site.rooms().size(), site.racks().size(),
                    site.agents().size(), site.sensors().count(), writeSite);
            return 0;
        }
        List<String> agents = IntStream.rangeClosed(1, racks).mapToObj(LoadSite::agentId).toList();
        try (VirtualFleet fleet = new VirtualFleet(site, agents, new SimulatedInputs(), stateDir, Clock.systemUTC())) {
            out.printf("connecting %d virtual agents to %s ...%n", racks, broker);
            out.flush();
            fleet.connect(Duration.ofSeconds(60));
            out.printf(Locale.ROOT, "sending %.0f readings/s for %d s: each agent one message of %d readings every %d ms%n",
                    rate, duration.toSeconds(), sensorsPerRack, interval().toMillis());
            out.flush();
            Pacer.Result result = new Pacer(fleet, publishers).run(rate, duration);
            out.printf(Locale.ROOT, "sent %d readings in %d messages in %.1f s: %.0f readings/s (asked %.0f); %d messages failed%n",
                    result.sent().readings(), result.sent().messages(), result.elapsed().toMillis() / 1000.0, result.achieved(),
                    rate, result.sent().failures());
            return result.sent().failures() == 0 ? 0 : 1;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
    }

    /** One message per agent per interval: the interval that gives the asked rate. */
    private Duration interval() {
        return Duration.ofMillis(Math.max(1, Math.round(1000.0 * racks * sensorsPerRack / rate)));
    }
}
