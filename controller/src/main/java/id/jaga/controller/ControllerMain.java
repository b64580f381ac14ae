package id.jaga.controller;

import id.jaga.config.CallerDirectory;
import id.jaga.config.ConfigException;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.auth.AgentKeyRing;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code jaga controller --site FILE}: runs the controller until stopped. */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Runs the controller: ingest, thresholds, alarms, storage and the HTTP API.")
public final class ControllerMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--site", required = true, description = "Site file (YAML).")
    Path site;

    @Option(names = "--data-dir", defaultValue = "data", description = "Working files such as the embedded broker's (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    public static void main(String[] args) {
        System.exit(CallerDirectory.execute(new CommandLine(new ControllerMain()), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        SiteConfig config;
        try {
            config = new SiteLoader().checkingFiles().load(site);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        Controller controller;
        try {
            controller = Controller.start(config, dataDir, Clock.systemUTC());
        } catch (AgentKeyRing.KeyFileException e) {
            spec.commandLine().getErr().println(site + ": " + e.getMessage());
            return 2;
        }
        SiteFileWatcher watcher = new SiteFileWatcher(site, controller, new SiteLoader().checkingFiles(), Duration.ofSeconds(2));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watcher.close();
            controller.close();
            stopped.countDown();
        }, "controller-shutdown"));
        System.out.println("Jaga controller for site " + config.site().id());
        System.out.println("  API:  " + controller.apiUrl() + "/api/health");
        System.out.println("  MQTT: " + controller.brokerUri());
        stopped.await();
        return 0;
    }
}
