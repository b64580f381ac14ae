package id.jaga.simulator;

import id.jaga.config.ConfigException;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.controller.broker.BrokerAcl;
import id.jaga.controller.broker.BrokerLogins;
import id.jaga.controller.broker.MosquittoConfig;
import id.jaga.sensors.driver.SimulatedInputs;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jaga broker-config --site FILE --out DIR}: a Mosquitto 2.0 setup for the site, with every
 * agent and the controller known by password and held to the topics {@code BrokerAcl} allows them.
 * Reads every agent's key file and the controller's (and NOC's) password file; prints the files it
 * wrote, never a secret.
 */
@Command(name = "broker-config", mixinStandardHelpOptions = true,
        description = "Writes mosquitto.conf, passwd and acl for a site's Mosquitto 2.0 broker: per-agent logins and topic rules.")
public final class BrokerConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--site", required = true, paramLabel = "FILE", description = "The site file (YAML).")
    Path site;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write mosquitto.conf, passwd and acl.")
    Path out;

    @Option(names = "--persistence", paramLabel = "DIR", defaultValue = "/var/lib/mosquitto",
            description = "The broker's persistence folder, named in mosquitto.conf (default: ${DEFAULT-VALUE}).")
    Path persistence;

    @Override
    public Integer call() {
        SiteConfig config;
        try {
            config = new SiteLoader(List.of(SimulatorDrivers.of(new SimulatedInputs()).siteCheck())).load(site);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        List<Path> written;
        try {
            written = MosquittoConfig.forSite(config).write(out, persistence);
        } catch (BrokerLogins.LoginException e) {
            spec.commandLine().getErr().println(site + ": " + e.getMessage());
            return 2;
        } catch (UncheckedIOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        var stdout = spec.commandLine().getOut();
        written.forEach(file -> stdout.println("wrote " + file));
        stdout.printf("%d agent(s) and the controller (%s) may log in%s. Give the files to the user mosquitto runs as"
                        + " (chown mosquitto: FILES), then start or reload it (kill -HUP).%n",
                config.agents().size(), BrokerAcl.controllerUser(config),
                config.broker().nocUsername() == null ? "" : ", and the NOC user " + config.broker().nocUsername());
        return 0;
    }
}
