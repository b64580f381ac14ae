package id.jaga.simulator.load;

import id.jaga.config.Broker;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.auth.AgentKeyRing;
import id.jaga.sensors.auth.MessageAuth;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.driver.SimulatedDriver;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.TelemetryDecoder;
import id.jaga.sensors.wire.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What authenticating an agent's message costs ({@code bench/message-auth.sh}): per message of the
 * load site's rack (20 readings), the agent's signing and the controller's check, beside the decoding
 * the controller does for every message anyway (the baseline), and beside Ed25519, the signature this
 * design did not choose. Single thread, after a warm-up; the median of several timed rounds.
 */
@Command(name = "message-auth-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Nanoseconds per message to sign and verify an agent's message, against decoding it.")
public final class MessageAuthBenchmark implements Callable<Integer> {
    @Option(names = "--readings", defaultValue = "20", description = "Readings per message (default: ${DEFAULT-VALUE}).")
    int readings;

    @Option(names = "--rounds", defaultValue = "7", description = "Timed rounds; the median is reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--round", defaultValue = "1s", converter = DurationConverter.class,
            description = "Length of a round (default: ${DEFAULT-VALUE}).")
    Duration round;

    private static volatile Object sink;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MessageAuthBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("jaga-auth-bench");
        LoadSite load = new LoadSite("bench", new Broker(List.of("tcp://127.0.0.1:1883"), null, null, null, null), 1, readings,
                Duration.ofSeconds(1), false, work);
        SiteConfig site = load.provision(new SiteLoader().parse("message auth benchmark site", load.yaml()));
        String agent = LoadSite.agentId(1);
        AgentKeyRing ring = AgentKeyRing.read(Path.of(site.agent(agent).orElseThrow().keyFile()));
        SimulatedDriver driver = new SimulatedDriver(new SimulatedInputs());
        List<SensorReader> sensors = site.sensors().map(p -> driver.open(p.sensor())).toList();
        Instant now = Instant.parse("2026-12-03T03:00:00Z");
        List<Reading> batch = new ArrayList<>();
        sensors.forEach(s -> batch.add(s.read(now)));
        byte[] payload = Wire.encode(new Telemetry(agent, 1_234_567, now, batch));
        String property = MessageAuth.sign(ring, payload);

        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        KeyPair pair = generator.generateKeyPair();
        byte[] edSignature = ed25519Sign(pair, payload);

        System.out.println("## Message authentication, per message");
        System.out.println("machine: " + MachineInfo.describe());
        System.out.printf(Locale.ROOT, "message: %d readings, %d bytes of JSON; %d rounds of %d ms after a warm-up, median%n%n",
                readings, payload.length, rounds, round.toMillis());
        System.out.println("| operation | ns per message | per reading |");
        System.out.println("|---|---:|---:|");
        row("decode telemetry (baseline: done for every message)", () -> TelemetryDecoder.decode(payload));
        row("HMAC-SHA256 verify (controller)", () -> MessageAuth.verify(ring, payload, property));
        row("HMAC-SHA256 sign (agent)", () -> MessageAuth.sign(ring, payload));
        row("Ed25519 verify (not chosen)", () -> ed25519Verify(pair, payload, edSignature));
        row("Ed25519 sign (not chosen)", () -> ed25519Sign(pair, payload));
        return 0;
    }

    private void row(String name, Op op) throws Exception {
        double ns = measure(op);
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.1f |%n", name, ns, ns / readings);
    }

    /** Median nanoseconds per call over the rounds, after a warm-up of two rounds. */
    private double measure(Op op) throws Exception {
        long roundNanos = round.toNanos();
        for (long end = System.nanoTime() + 2 * roundNanos; System.nanoTime() < end; ) {
            sink = op.run();
        }
        double[] perCall = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long calls = 0;
            long start = System.nanoTime();
            long elapsed;
            do {
                for (int i = 0; i < 100; i++) {
                    sink = op.run();
                }
                calls += 100;
                elapsed = System.nanoTime() - start;
            } while (elapsed < roundNanos);
            perCall[r] = (double) elapsed / calls;
        }
        Arrays.sort(perCall);
        return perCall[rounds / 2];
    }

    private static byte[] ed25519Sign(KeyPair pair, byte[] payload) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(pair.getPrivate());
        s.update(payload);
        return s.sign();
    }

    private static Object ed25519Verify(KeyPair pair, byte[] payload, byte[] signature) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(pair.getPublic());
        s.update(payload);
        if (!s.verify(signature)) {
            throw new IllegalStateException("Ed25519 signature did not verify");
        }
        return s;
    }

    @FunctionalInterface
    private interface Op {
        Object run() throws Exception;
    }
}
