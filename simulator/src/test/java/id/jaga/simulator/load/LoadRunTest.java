package id.jaga.simulator.load;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Broker;
import id.jaga.config.ControllerSettings;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.Controller;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.simulator.JagaMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.stream.Stream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Virtual agents through a real Mosquitto into the controller running in this process: every
 * reading a load run sends is stored exactly once, and nothing is refused.
 */
class LoadRunTest {
    private static final int RACKS = 5;
    private static final int SENSORS_PER_RACK = 4;
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    static Path tmp;
    static MosquittoProcess broker;
    static SiteConfig site;
    static Controller controller;

    @BeforeAll
    static void start() throws Exception {
        broker = MosquittoProcess.start(tmp);
        LoadSite load = new LoadSite("load", new Broker(List.of(broker.uri()), null, null, null, null),
                RACKS, SENSORS_PER_RACK, Duration.ofSeconds(1), true, tmp.resolve("keys"));
        site = load.provision(new SiteLoader().parse("load.yaml", load.yaml()));
        controller = Controller.start(site.withConnections(site.broker(),
                new Storage("jdbc:h2:file:" + tmp.resolve("db/jaga").toAbsolutePath(), null, null),
                new ControllerSettings(new ControllerSettings.Http("127.0.0.1", 0, null), null)), tmp, Clock.systemUTC());
        await().atMost(WITHIN).until(controller::isConnected);
    }

    @AfterAll
    static void stop() {
        controller.close();
        broker.close();
    }

    private static long stored() {
        return (long) controller.metrics().counter("jaga.ingest.readings").count();
    }

    private static VirtualFleet fleet() throws InterruptedException {
        List<String> agents = IntStream.rangeClosed(1, RACKS).mapToObj(LoadSite::agentId).toList();
        return new VirtualFleet(site, agents, new SimulatedInputs(), tmp.resolve("agents"), Clock.systemUTC()).connect(WITHIN);
    }

    @Test
    void everyReadingSentIsStoredExactlyOnce() throws Exception {
        long before = stored();
        Pacer.Result sent;
        try (VirtualFleet fleet = fleet()) {
            // Each agent sends one message of all its 4 readings a second.
            sent = new Pacer(fleet, 2).run(RACKS * SENSORS_PER_RACK, Duration.ofSeconds(2));
        }

        assertEquals(new SendCounts.Snapshot(10, 40, 0), sent.sent(), "two messages from each agent, every one acknowledged");
        await().atMost(WITHIN).until(() -> stored() - before >= 40);
        assertEquals(40, stored() - before);
        assertEquals(0, controller.rejections().counts().size(), () -> controller.rejections().counts().toString());
    }

    @Test
    void aBenchmarkStepCountsWhatWasSentAndTimesTheAlarmsOfTheProbe() throws Exception {
        try (VirtualFleet fleet = fleet(); AlarmLatencyProbe probe = new AlarmLatencyProbe(site, tmp.resolve("agents"), Duration.ofMillis(100))) {
            LoadStep.Result step = new LoadStep(new Pacer(fleet, 1), LoadRunTest::stored, probe, Duration.ofSeconds(1), broker.pid())
                    .run(RACKS * SENSORS_PER_RACK * 2, Duration.ofSeconds(1));

            assertTrue(step.lossless(), () -> step.received() + " of " + step.expected() + " stored");
            assertEquals(0, step.latencies().total().missed());
            assertTrue(step.latencies().total().count() >= 1, "the round under way when the load stopped is finished");
        }
        assertEquals(0, controller.rejections().counts().size(), () -> controller.rejections().counts().toString());
    }

    @Test
    void simLoadCommandSendsToTheSiteItWrites() throws Exception {
        Path written = tmp.resolve("written.yaml");
        String[] options = {"--broker", broker.uri(), "--racks", "" + RACKS, "--sensors-per-rack", "" + SENSORS_PER_RACK,
                "--rate", "40", "--duration", "1s", "--state-dir", tmp.resolve("agents").toString(),
                "--keys-dir", tmp.resolve("keys").toString()};
        assertEquals(0, sim(options, "--write-site", written.toString()));
        assertEquals(site.sensors().count() - 1, new SiteLoader().load(written).sensors().count(), "the same racks, without the probe");

        long before = stored();
        StringWriter out = new StringWriter();
        assertEquals(0, sim(out, options), out::toString);

        assertTrue(out.toString().contains("sent 40 readings in 10 messages"), out::toString);
        await().atMost(WITHIN).until(() -> stored() - before >= 40);
        assertEquals(40, stored() - before);
    }

    private static int sim(String[] options, String... more) {
        return sim(new StringWriter(), options, more);
    }

    private static int sim(StringWriter out, String[] options, String... more) {
        CommandLine cmd = new CommandLine(new JagaMain());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(out, true));
        String[] args = Stream.of(new String[] {"sim", "load"}, options, more).flatMap(Arrays::stream)
                .toArray(String[]::new);
        return cmd.execute(args);
    }
}
