package id.jaga.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jaga.config.Broker;
import id.jaga.config.ModelSettings;
import id.jaga.config.ControllerSettings;
import id.jaga.config.SiteConfig;
import id.jaga.config.Storage;
import id.jaga.controller.Controller;
import id.jaga.controller.Pace;
import id.jaga.controller.auth.Role;
import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.wire.Topics;
import id.jaga.simulator.SimulatedSite;
import id.jaga.simulator.model.PhysicalModel;
import id.jaga.simulator.model.VirtualClock;
import id.jaga.simulator.scenario.Observed.AlarmChange;
import id.jaga.simulator.scenario.Observed.FailoverChange;
import id.jaga.simulator.scenario.Observed.SecurityChange;
import id.jaga.simulator.scenario.RunResult.Entry;
import id.jaga.simulator.scenario.RunResult.Kind;
import id.jaga.simulator.scenario.Scenario.Step;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Runs a scenario against the real parts: a broker, the controller with its database and API, the
 * site's agents (real agent code, simulated sensors), each MQTT client behind a network path the
 * scenario can cut, and stand-ins for the DRCs. All share one manual {@link VirtualClock}. It
 * stands at the scenario's start until every agent has said hello (start-up costs no scenario
 * time, and every run begins in the same state), then goes forward at up to the scenario's speed
 * while the timeline is played; afterwards every expectation is judged from what the NOC saw.
 */
public final class ScenarioRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often the clock is moved on, in wall-clock milliseconds. */
    private static final long TICK_MS = 5;
    /** How long the parts may fall behind the clock, on the wall clock, before the run is given up. */
    private static final Duration STALL = Duration.ofSeconds(30);
    /** How long start-up may take on the wall clock. */
    static final Duration WALL_PATIENCE = Duration.ofSeconds(60);
    /** How long the agents' queues may take to reach the controller after the last step, on the wall clock. */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private final String sharedBrokerUri;

    /** A runner that starts an embedded broker of its own for each run. */
    public ScenarioRunner() {
        this(null);
    }

    /**
     * A runner whose runs share a broker that is already running (tests): each run then uses a
     * topic prefix of its own, so no run hears another's retained messages.
     */
    public ScenarioRunner(String sharedBrokerUri) {
        this.sharedBrokerUri = sharedBrokerUri;
    }

    public RunResult run(Scenario scenario) throws Exception {
        long wallStart = System.nanoTime();
        Path work = Files.createTempDirectory("jaga-scenario-");
        try (Run run = new Run(scenario, work)) {
            run.play();
            return run.result(Duration.ofNanos(System.nanoTime() - wallStart));
        } finally {
            deleteTree(work);
        }
    }

    /** One run: its parts, started in order and closed in reverse. */
    private final class Run implements Stage, AutoCloseable {
        private final Scenario scenario;
        private final List<AutoCloseable> parts = new ArrayList<>();
        private final List<Entry> timeline = new CopyOnWriteArrayList<>();
        private final Instant start;
        /** Shared by controller, agents and model; only {@link #play} moves it. */
        private final VirtualClock clock;
        private final Map<String, NetworkPath> agentPaths = new LinkedHashMap<>();
        // Started one by one in startParts(), so that a failure stops what already runs.
        private NetworkPath controllerPath;
        private DrcStandIn drcs;
        private Controller controller;
        private NocView noc;
        private SimulatedSite site;
        private PhysicalModel model;
        private final Set<String> crashed = ConcurrentHashMap.newKeySet();
        private final Set<String> held = ConcurrentHashMap.newKeySet();
        private volatile boolean brokerDown;
        private final Map<String, Duration> lagLimits = new LinkedHashMap<>();
        private final Duration maxStep;
        private final String operatorPassword = secret();
        private final HttpClient http = HttpClient.newHttpClient();
        private final List<String> warnings;

        Run(Scenario scenario, Path work) throws Exception {
            this.scenario = scenario;
            this.start = scenario.start() != null ? scenario.start() : Instant.now();
            this.clock = VirtualClock.manual(start);
            SiteConfig written = scenario.site();
            written.agents().forEach(a -> lagLimits.put(a.id(), SiteAtSpeed.lagAllowed(a)));
            this.maxStep = lagLimits.values().stream().min(Duration::compareTo).orElse(Duration.ofSeconds(1)).dividedBy(4);
            this.warnings = SiteAtSpeed.warnings(scenario);
            try {
                startParts(work);
            } catch (Exception | Error e) {
                close(); // what did start is stopped again
                throw e;
            }
        }

        private void startParts(Path work) throws Exception {
            SiteConfig written = scenario.site();
            String brokerUri = sharedBrokerUri;
            String prefix = written.broker().topicPrefix();
            if (brokerUri == null) {
                brokerUri = track(EmbeddedBroker.start("127.0.0.1", freePort(), work.resolve("broker"))).uri();
            } else {
                prefix = prefix + "/run-" + Long.toHexString(System.nanoTime());
            }
            URI broker = URI.create(brokerUri);
            controllerPath = track(new NetworkPath(broker.getHost(), broker.getPort()));
            for (var agent : written.agents()) {
                agentPaths.put(agent.id(), track(new NetworkPath(broker.getHost(), broker.getPort())));
            }
            drcs = written.drcSites().isEmpty() ? null : track(new DrcStandIn(this::drcHeard));
            SiteConfig withKeys = SimulatedSite.withAgentKeys(written, work.resolve("agent-keys"))
                    .withConnections(new Broker(List.of(controllerPath.uri()), prefix, null, null, null),
                            new Storage("jdbc:h2:file:" + work.resolve("db/jaga").toAbsolutePath(), null, null),
                            new ControllerSettings(new ControllerSettings.Http("127.0.0.1", 0, null), null));
            ModelSettings m = written.model();
            SiteConfig seeded = withKeys.withModel(new ModelSettings(scenario.seed(), m.step(), m.smokeSpreadAfter(), m.mains(), m.ups(),
                    m.rooms(), m.racks(), m.sensors()));
            SiteConfig site = drcs == null ? seeded : seeded.withDrcSites(seeded.drcSites().stream().map(drcs::standingIn).toList());
            Topics topics = new Topics(prefix, site.site().id());
            noc = track(new NocView(brokerUri, topics, start));
            controller = track(Controller.start(site, work, clock, new Pace(scenario.speed())));
            controller.accounts().create("scenario-operator", operatorPassword, Role.OPERATOR);
            awaitWall("the controller to connect to the broker", controller::isConnected);
            SiteConfig agentsSite = SiteAtSpeed.forAgents(site, scenario.speed());
            this.site = track(new SimulatedSite(site, agent -> agentsSite.withBrokerUris(List.of(agentPaths.get(agent).uri())),
                    work.resolve("agents"), clock));
            model = new PhysicalModel(site, this.site.inputs(), start); // the room is there before the first poll
            this.site.start();
            awaitWall("every agent's birth", () -> noc.agentsBorn().containsAll(agentPaths.keySet()));
            awaitWall("the first probe of every DRC", () -> controller.failover().drcHealth().size() == site.drcSites().size());
            awaitWall("the controller to store the first readings", () -> behind() == null && stored() > 0);
        }

        /**
         * Plays the timeline. The clock goes forward at the scenario's speed, but only while the
         * parts keep up: every agent whose path is open has sent telemetry within its publish
         * interval and a little more of scenario time, the controller has stored and judged every
         * reading the NOC saw, and the broker has taken every alarm and transition it published. A
         * machine busy with something else thus stops the scenario's time instead of passing for
         * silence the controller would alarm on; each step happens exactly at its {@code at}.
         */
        void play() throws Exception {
            List<Step> steps = scenario.steps();
            int next = 0;
            long wall = System.nanoTime();
            long lastProgress = wall;
            while (elapsed().compareTo(scenario.duration()) < 0 || next < steps.size()) {
                while (next < steps.size() && steps.get(next).at().compareTo(elapsed()) <= 0) {
                    apply(steps.get(next++));
                }
                TimeUnit.MILLISECONDS.sleep(TICK_MS);
                long now = System.nanoTime();
                long passed = now - wall;
                wall = now;
                String behind = behind();
                if (behind != null) {
                    if (now - lastProgress > STALL.toNanos()) {
                        throw new IllegalStateException("the run stalled at " + Offsets.format(elapsed()) + ": " + behind);
                    }
                    continue;
                }
                lastProgress = now;
                Duration step = Duration.ofNanos((long) (passed * scenario.speed()));
                step = step.compareTo(maxStep) > 0 ? maxStep : step;
                Duration target = elapsed().plus(step);
                Duration bound = next < steps.size() ? steps.get(next).at() : scenario.duration();
                advanceTo(target.compareTo(bound) > 0 ? bound : target);
                model.advanceTo(clock.instant());
            }
            // What the agents still hold (an outage just ended) reaches the controller before judging.
            awaitQuietly(SETTLE, () -> behind() == null && site.agents().stream().filter(a -> !crashed.contains(a.id()))
                    .allMatch(a -> a.queued() == 0));
        }

        private void apply(Step step) {
            String note;
            try {
                note = step.action().apply(this);
            } catch (Exception e) {
                note = "failed: " + e.getMessage();
            }
            timeline.add(new Entry(step.at(), Kind.EVENT, step.action().describe() + (note == null ? "" : ": " + note)));
        }

        /** Why the clock must wait (which part lags behind it), or null when every part keeps up. */
        private String behind() {
            Instant now = clock.instant();
            for (String agent : agentPaths.keySet()) {
                if (crashed.contains(agent) || held.contains(agent) || brokerDown) {
                    continue; // silent because the scenario says so
                }
                Instant newest = noc.newestTelemetry(agent);
                if (newest == null || newest.plus(lagLimits.get(agent)).isBefore(now)) {
                    return "no telemetry from " + agent + " since " + (newest == null ? "its start"
                            : Offsets.format(Duration.between(start, newest)));
                }
            }
            long published = noc.readingsPublished();
            // The NOC hears the broker itself: what reached it just before an outage reaches the controller after.
            if (stored() < published && !brokerDown) {
                return "the controller has stored " + stored() + " of " + published + " readings";
            }
            double untold = controller.metrics().get("jaga.noc.unacknowledged").gauge().value();
            return untold == 0 || brokerDown ? null : "the controller has " + (long) untold + " messages for the NOC on their way";
        }

        private long stored() {
            return (long) controller.metrics().counter("jaga.ingest.readings").count();
        }

        RunResult result(Duration wallTime) throws InterruptedException {
            // The agents go on publishing while the run is judged, so one message may be stored and
            // not yet heard by the NOC, or the other way round: the counts are compared where they meet.
            boolean met = awaitQuietly(SETTLE, () -> stored() == noc.readingsPublished());
            String lost = noc.missingMessages();
            if (lost == null && !met) {
                lost = "the agents published " + noc.readingsPublished() + " readings and the controller stored " + stored();
            }
            List<AlarmChange> alarms = noc.alarms();
            List<FailoverChange> failovers = noc.failovers();
            List<SecurityChange> security = noc.security();
            Evidence evidence = new Evidence(alarms, failovers, security, lost);
            List<Verdict> verdicts = scenario.expectations().stream().map(e -> e.judge(evidence)).toList();
            List<Entry> all = new ArrayList<>(timeline);
            alarms.forEach(a -> all.add(new Entry(a.at(), Kind.ALARM, a.key() + " " + a.severity() + " " + a.change()
                    + (a.message() == null || !a.active() ? "" : ": " + a.message()))));
            failovers.forEach(f -> all.add(new Entry(f.at(), Kind.FAILOVER, f.state() + (f.drc() == null ? "" : " to " + f.drc())
                    + (f.drill() ? " (drill)" : "") + (f.decidedBy() == null ? "" : ", decided by " + f.decidedBy())
                    + (f.trigger() == null ? "" : ", trigger " + f.trigger()))));
            security.forEach(e -> all.add(new Entry(e.at(), Kind.SECURITY, e.type() + (e.door() == null ? "" : " at " + e.door())
                    + (e.person() == null ? "" : " by " + e.person()) + (e.detail() == null ? "" : ": " + e.detail()))));
            all.sort(Comparator.comparing(Entry::at)); // stable: what happened at one instant stays in the order heard
            return new RunResult(scenario, all, verdicts, warnings, wallTime);
        }

        /** Scenario time since the start. */
        private Duration elapsed() {
            return Duration.between(start, clock.instant());
        }

        private void advanceTo(Duration at) {
            Duration by = at.minus(elapsed());
            if (!by.isNegative() && !by.isZero()) {
                clock.advance(by);
            }
        }

        private void drcHeard(String what) {
            timeline.add(new Entry(elapsed(), Kind.DRC, what));
        }

        // ---- the stage the actions play on ----------------------------------------------------

        @Override
        public PhysicalModel model() {
            return model;
        }

        @Override
        public SimulatedInputs inputs() {
            return site.inputs();
        }

        @Override
        public void crash(String agent) {
            site.crash(agent);
            crashed.add(agent);
        }

        @Override
        public void restart(String agent) {
            if (crashed.remove(agent)) {
                site.restart(agent);
            }
        }

        @Override
        public void broker(boolean reachable) {
            brokerDown = !reachable;
            Stream.concat(Stream.of(controllerPath), agentPaths.values().stream()).forEach(p -> p.hold(!reachable));
        }

        @Override
        public void partition(String agent, boolean cut) {
            if (cut) {
                held.add(agent);
            } else {
                held.remove(agent);
            }
            agentPaths.get(agent).hold(cut);
        }

        @Override
        public String failover(String decision) throws Exception {
            String token = JSON.readTree(post("/api/session", "{\"name\":\"scenario-operator\",\"password\":\""
                    + operatorPassword + "\"}", null).body()).path("token").asText();
            String body = "start".equals(decision) ? "{\"reason\":\"scenario: " + scenario.name().replace("\"", "'") + "\"}" : "{}";
            HttpResponse<String> answer = post("/api/failover/" + decision, body, token);
            if (answer.statusCode() == 200) {
                return "accepted";
            }
            JsonNode error = JSON.readTree(answer.body());
            return "refused (" + answer.statusCode() + "): " + error.path("message").asText(error.path("error").asText(answer.body()));
        }

        private HttpResponse<String> post(String path, String body, String token) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(controller.apiUrl() + path))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void drc(String drc, boolean healthy) {
            drcs.healthy(drc, healthy);
        }

        private <T extends AutoCloseable> T track(T part) {
            parts.add(part);
            return part;
        }

        @Override
        public void close() {
            for (int i = parts.size() - 1; i >= 0; i--) {
                try {
                    parts.get(i).close();
                } catch (Exception e) {
                    // stopping anyway; the next part still needs closing
                }
            }
        }
    }

    private static void awaitWall(String what, BooleanSupplier done) throws InterruptedException {
        if (!awaitQuietly(WALL_PATIENCE, done)) {
            throw new IllegalStateException("gave up after " + WALL_PATIENCE.toSeconds() + " s waiting for " + what);
        }
    }

    private static boolean awaitQuietly(Duration patience, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
