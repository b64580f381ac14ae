package id.jaga.simulator.failover;

import com.sun.net.httpserver.HttpServer;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.controller.Controller;
import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.sensors.mqtt.MessageListener;
import id.jaga.sensors.mqtt.NoDelaySockets;
import id.jaga.sensors.wire.AlarmEvent;
import id.jaga.sensors.wire.FailoverState;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Wire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/**
 * How fast a confirmed trigger becomes a DRC action and a NOC message: the controller in-process on
 * its embedded broker and H2, one automatic trigger on a rack's CRITICAL temperature alarm, and a
 * local HTTP server as the DRC. Latency runs from the alarm that makes the trigger true (its
 * commit time) to the DRC's receipt of the action and to the NOC's receipt of FAILING_OVER.
 * Baselines in the same run: a bare HTTP POST to the same server and a bare MQTT round trip
 * through the same broker. Run with {@code bench/failover.sh [rounds]}.
 */
public final class FailoverBenchmark {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Rounds not counted, while the JIT compiles the path. */
    private static final int WARM_UP = 50;

    private FailoverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = Files.createTempDirectory("jaga-failover-bench");
        BlockingQueue<Instant> actionsAt = new LinkedBlockingQueue<>();
        HttpServer drc = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        drc.createContext("/", exchange -> {
            Instant at = Instant.now();
            if (!exchange.getRequestURI().getPath().endsWith("/health") && exchange.getRequestURI().getPath().contains("/switch")) {
                actionsAt.add(at);
            }
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        drc.start();
        String base = "http://127.0.0.1:" + drc.getAddress().getPort();
        EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", freePort(), dir.resolve("broker"));
        SiteConfig site = new SiteLoader().parse("bench.yaml", """
                site: {id: bench}
                broker: {uris: [%1$s]}
                storage: {url: "jdbc:h2:file:%2$s"}
                controller: {http: {host: 127.0.0.1, port: 0}}
                rooms: [{id: room}]
                agents: [{id: pi-1, room: room}]
                racks:
                  - {id: rack-1, room: room, sensors: [{id: inlet, kind: temperature, agent: pi-1, driver: {type: simulated}}]}
                drcSites:
                  - {id: drc-a, location: A, priority: 1, probe: {url: "%3$s/a/health", interval: 1s},
                     failover: [{http: {url: "%3$s/a/switch", retries: 0}}], failback: [{http: {url: "%3$s/a/back", retries: 0}}]}
                  - {id: drc-b, location: B, priority: 2, probe: {url: "%3$s/b/health", interval: 1s},
                     failover: [{http: {url: "%3$s/b/switch", retries: 0}}]}
                failover:
                  mode: automatic
                  autoFailback: true
                  failbackAfter: 1ms
                  triggers: [{id: hot, any: [{alarm: temperature-high}]}]
                """.formatted(broker.uri(), dir.resolve("db/jaga").toAbsolutePath(), base));
        Controller controller = Controller.start(site, dir, Clock.systemUTC());

        BlockingQueue<AlarmEvent> raised = new LinkedBlockingQueue<>();
        BlockingQueue<Instant> failingOver = new LinkedBlockingQueue<>();
        BlockingQueue<String> states = new LinkedBlockingQueue<>();
        MqttClient noc = new MqttClient(broker.uri(), "bench-noc", new MemoryPersistence());
        noc.setCallback(MessageListener.of((topic, m) -> {
            Instant at = Instant.now();
            if (topic.endsWith("/failover")) {
                FailoverState s = Wire.decode(m.getPayload(), FailoverState.class);
                if (s.state().equals("FAILING_OVER")) {
                    failingOver.add(at);
                }
                states.add(s.state());
            } else {
                AlarmEvent e = Wire.decode(m.getPayload(), AlarmEvent.class);
                if (e.change().equals("raised") && e.type().equals("temperature-high")) {
                    raised.add(e);
                }
            }
        }));
        MqttConnectionOptions nocOptions = new MqttConnectionOptions();
        // As a NOC client should: with Nagle on, its acknowledgements stall deliveries by some 40 ms.
        nocOptions.setSocketFactory(NoDelaySockets.plain());
        noc.connect(nocOptions);
        noc.subscribe(controller.topics().failover(), 1);
        noc.subscribe(controller.topics().alarm(), 1);
        MqttClient agent = new MqttClient(broker.uri(), "bench-agent", new MemoryPersistence());
        agent.connect(new MqttConnectionOptions());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (controller.failover().drcHealth().size() < 2 || !controller.isConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the controller did not come up");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }

        List<Long> toAction = new ArrayList<>();
        List<Long> toNoc = new ArrayList<>();
        long seq = 0;
        String topic = controller.topics().agent("pi-1", "telemetry");
        for (int i = 0; i < rounds + WARM_UP; i++) {
            Instant now = Instant.now();
            agent.publish(topic, Wire.encode(new Telemetry("pi-1", ++seq, now, List.of(Reading.good("inlet", 40.0, "C", now)))), 1, false);
            AlarmEvent alarm = take(raised);
            Instant action = take(actionsAt);
            Instant told = take(failingOver);
            awaitState(states, "ON_DRC");
            Instant later = Instant.now();
            agent.publish(topic, Wire.encode(new Telemetry("pi-1", ++seq, later, List.of(Reading.good("inlet", 22.0, "C", later)))), 1, false);
            awaitState(states, "NORMAL");
            if (i >= WARM_UP) {
                toAction.add(Duration.between(alarm.ts(), action).toNanos() / 1_000);
                toNoc.add(Duration.between(alarm.ts(), told).toNanos() / 1_000);
            }
        }

        List<Long> httpBaseline = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < rounds; i++) {
            Instant sent = Instant.now();
            http.send(HttpRequest.newBuilder(URI.create(base + "/baseline/switch")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            httpBaseline.add(Duration.between(sent, take(actionsAt)).toNanos() / 1_000);
        }
        List<Long> mqttBaseline = new ArrayList<>();
        BlockingQueue<Instant> echoes = new LinkedBlockingQueue<>();
        MqttClient echo = new MqttClient(broker.uri(), "bench-echo", new MemoryPersistence());
        echo.setCallback(MessageListener.of((t, m) -> echoes.add(Instant.now())));
        echo.connect(new MqttConnectionOptions());
        echo.subscribe("bench/echo", 1);
        for (int i = 0; i < rounds; i++) {
            Instant sent = Instant.now();
            agent.publish("bench/echo", new byte[] {1}, 1, false);
            mqttBaseline.add(Duration.between(sent, take(echoes)).toNanos() / 1_000);
        }

        System.out.printf("Failover latency over %d automatic failovers (after %d warm-up rounds)%n", rounds, WARM_UP);
        System.out.printf("  machine: %d cores, %s, Java %s, %s%n", Runtime.getRuntime().availableProcessors(), cpu(),
                System.getProperty("java.version"), Instant.now());
        row("trigger true -> DRC action received", toAction);
        row("trigger true -> NOC heard FAILING_OVER", toNoc);
        row("baseline: bare HTTP POST to the DRC", httpBaseline);
        row("baseline: bare MQTT QoS 1 round trip", mqttBaseline);

        echo.disconnect();
        agent.disconnect();
        noc.disconnect();
        controller.close();
        broker.close();
        drc.stop(0);
        System.exit(0);
    }

    private static <T> T take(BlockingQueue<T> q) throws InterruptedException {
        T v = q.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (v == null) {
            throw new IllegalStateException("nothing arrived within " + WAIT.toSeconds() + " s");
        }
        return v;
    }

    private static void awaitState(BlockingQueue<String> states, String state) throws InterruptedException {
        while (!take(states).equals(state)) {
            // earlier transitions of this round
        }
    }

    private static void row(String what, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf("  %-42s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n", what, pct(sorted, 50), pct(sorted, 99),
                sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static double pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, i)) / 1000.0;
    }

    private static String cpu() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
