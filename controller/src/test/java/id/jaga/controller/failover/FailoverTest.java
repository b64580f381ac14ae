package id.jaga.controller.failover;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import id.jaga.config.Broker;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.HandClock;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.AlarmStore;
import id.jaga.controller.alarm.Conditions;
import id.jaga.controller.ingest.LatestReadings;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.mqtt.MqttLink;
import id.jaga.sensors.wire.FailoverState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The failover state machine on H2 with a clock moved by hand, against a real HTTP server in the
 * test that plays both DRCs' health checks and the GSLB their actions call.
 */
class FailoverTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);

    private final HandClock clock = new HandClock(Instant.parse("2026-11-22T03:00:00Z"));
    private final List<FailoverState> told = new CopyOnWriteArrayList<>();
    private final List<String> gslbCalls = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> health = new ConcurrentHashMap<>(Map.of("drc-a", 200, "drc-b", 200));
    private final Map<String, Integer> gslbAnswer = new ConcurrentHashMap<>();
    private final List<Failover> started = new ArrayList<>();
    private HttpServer server;
    private Database db;
    private AlarmService alarms;
    private SiteConfig site;
    private DrcProbes probes;

    @BeforeEach
    void start() throws IOException, SQLException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status;
            if (path.endsWith("/health")) {
                status = health.get(path.split("/")[1]);
            } else {
                gslbCalls.add(exchange.getRequestMethod() + " " + path + " key=" + exchange.getRequestHeaders().getFirst("Idempotency-Key")
                        + " " + new String(exchange.getRequestBody().readAllBytes()));
                status = gslbAnswer.getOrDefault(path, 200);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        alarms = new AlarmService(new AlarmStore(db), clock, (c, active) -> { });
        site = site("approval", "decide: automatic,");
    }

    private SiteConfig site(String mode, String fireDecides) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return new SiteLoader().parse("failover.yaml", """
                site: {id: dc}
                rooms:
                  - id: server-room
                    sensors:  # what raises the alarms the triggers watch
                      - {id: smoke-1, kind: smoke, agent: pi, driver: {type: simulated}}
                      - {id: smoke-2, kind: smoke, agent: pi, driver: {type: simulated}}
                      - {id: ups, kind: ups-status, agent: pi, driver: {type: simulated}}
                agents: [{id: pi, room: server-room}]
                composites: [{id: fire-confirmed, room: server-room, severity: critical, all: [{alarm: smoke, atLeast: 2}]}]
                drcSites:
                  - id: drc-a
                    location: Makassar
                    priority: 1
                    probe: {url: "%1$s/drc-a/health"}
                    failover:
                      - {http: {url: "%1$s/gslb/drc-a", body: '{"to":"{{drc}}","why":"{{trigger}}"}', retries: 0}}
                      - {http: {url: "%1$s/replicas/drc-a", retries: 0}}
                    failback: [{http: {url: "%1$s/gslb/back", body: '{"to":"{{site}}"}', retries: 0}}]
                  - id: drc-b
                    location: Jakarta
                    priority: 2
                    probe: {url: "%1$s/drc-b/health"}
                    failover: [{http: {url: "%1$s/gslb/drc-b", retries: 0}}]
                failover:
                  mode: %2$s
                  approvalWindow: 5m
                  failbackAfter: 30m
                  triggers:
                    - {id: fire, room: server-room, %3$s any: [{alarm: fire-confirmed}]}
                    - {id: power, all: [{alarm: ups-on-battery}], confirmFor: 2m}
                """.formatted(base, mode, fireDecides));
    }

    private Failover failover() throws SQLException {
        probes = new DrcProbes(site.drcSites(), alarms, clock);
        site.drcSites().forEach(probes::probe);
        MqttLink unused = new MqttLink(new Broker(List.of("tcp://127.0.0.1:1"), null, null, null, null), "unused", null);
        Failover f = new Failover(site, db, probes, unused, new Conditions(site, new LatestReadings()::get), alarms,
                told::add, clock);
        started.add(f);
        return f;
    }

    @AfterEach
    void stop() {
        started.forEach(Failover::close);
        server.stop(0);
        db.close();
    }

    private List<String> states() {
        return told.stream().map(FailoverState::state).toList();
    }

    private void fire(boolean on) throws SQLException {
        alarms.condition("server-room", "fire-confirmed", on ? Severity.CRITICAL : null, "two smoke detectors", null);
    }

    @Test
    void aConfirmedFireFailsOverAtOnceToTheFirstDrcWithEveryStepCarryingTheAttemptsKey() throws Exception {
        Failover failover = failover();
        fire(true);
        failover.evaluate();

        await().atMost(WITHIN).until(() -> states().contains("ON_DRC"));
        assertEquals(List.of("AT_RISK", "FAILING_OVER", "ON_DRC"), states());
        FailoverState onDrc = told.get(2);
        assertEquals("drc-a", onDrc.drc());
        assertEquals("policy:fire", onDrc.decidedBy());
        assertTrue(told.get(0).detail().contains("fire-confirmed alarms: server-room critical"), told.get(0).detail());
        assertTrue(onDrc.detail().contains("drc-a chosen: 2 of 2 steps done"), onDrc.detail());
        assertEquals(List.of("POST /gslb/drc-a key=" + onDrc.attempt() + " {\"to\":\"drc-a\",\"why\":\"fire\"}",
                "POST /replicas/drc-a key=" + onDrc.attempt() + " "), gslbCalls);
        assertEquals("ON_DRC", failover.history(1).get(0).state(), "recorded as well as told");
    }

    @Test
    void anUnhealthyFirstDrcIsSkippedAndTheSecondChosen() throws Exception {
        health.put("drc-a", 503);
        Failover failover = failover();
        assertTrue(alarms.activeAlarms().stream().anyMatch(a -> a.source().equals("drc-a") && a.type().equals(DrcProbes.UNHEALTHY)),
                "a DRC that stops answering is itself an alarm");
        fire(true);
        failover.evaluate();

        await().atMost(WITHIN).until(() -> states().contains("ON_DRC"));
        FailoverState onDrc = told.get(told.size() - 1);
        assertEquals("drc-b", onDrc.drc());
        assertTrue(onDrc.detail().startsWith("drc-a skipped: unhealthy"), onDrc.detail());
        assertEquals(List.of("POST /gslb/drc-b"), gslbCalls.stream().map(c -> c.substring(0, c.indexOf(" key"))).toList());
    }

    @Test
    void aFailingActionMovesOnToTheNextDrc() throws Exception {
        gslbAnswer.put("/replicas/drc-a", 500);
        Failover failover = failover();
        fire(true);
        failover.evaluate();

        await().atMost(WITHIN).until(() -> states().contains("ON_DRC"));
        FailoverState onDrc = told.get(told.size() - 1);
        assertEquals("drc-b", onDrc.drc());
        assertTrue(onDrc.detail().contains("drc-a failed: ") && onDrc.detail().contains("/replicas/drc-a FAILED: HTTP 500"),
                onDrc.detail());
    }

    @Test
    void withNoDrcAbleToTakeOverItFailedWithACriticalAlarm() throws Exception {
        health.put("drc-a", 503);
        health.put("drc-b", 503);
        Failover failover = failover();
        fire(true);
        failover.evaluate();

        await().atMost(WITHIN).until(() -> states().contains("FAILED"));
        assertTrue(told.get(told.size() - 1).detail().contains("no DRC could take over"));
        assertTrue(alarms.activeAlarms().stream().anyMatch(a -> a.type().equals(Failover.FAILED_ALARM)
                && a.severity() == Severity.CRITICAL));
        assertEquals(List.of(), gslbCalls);

        failover.cancel("budi");
        assertEquals("NORMAL", failover.state().state());
        assertTrue(alarms.activeAlarms().stream().noneMatch(a -> a.type().equals(Failover.FAILED_ALARM)));
    }

    @Test
    void aTriggerThatClearsWithinItsConfirmationDelayIsCancelledAndNothingIsCalled() throws Exception {
        Failover failover = failover();
        alarms.condition("ups", "ups-on-battery", Severity.MAJOR, "on battery", null);
        failover.evaluate();
        clock.advance(Duration.ofMinutes(1));
        failover.evaluate();
        alarms.condition("ups", "ups-on-battery", null, null, null);
        failover.evaluate();

        assertEquals(List.of("AT_RISK", "CANCELLED", "NORMAL"), states());
        assertTrue(told.get(1).detail().contains("cleared after 60 s"), told.get(1).detail());
        assertEquals(List.of(), gslbCalls);
    }

    @Test
    void anOperatorApprovesWhatThePolicyLeavesToHim() throws Exception {
        Failover failover = failover();
        alarms.condition("ups", "ups-on-battery", Severity.MAJOR, "on battery", null);
        failover.evaluate();
        clock.advance(Duration.ofMinutes(2));
        failover.evaluate();
        FailoverState awaiting = told.get(told.size() - 1);
        assertEquals(clock.instant().plus(Duration.ofMinutes(5)), awaiting.approvalDeadline());

        failover.approve("budi");
        await().atMost(WITHIN).until(() -> states().contains("ON_DRC"));
        assertEquals("operator:budi", told.get(told.size() - 1).decidedBy());
        assertTrue(told.get(told.size() - 2).detail().contains("time to decide 120000 ms"), told.get(told.size() - 2).detail());
    }

    @Test
    void withoutAnAnswerWithinTheWindowTheConfiguredDefaultApplies() throws Exception {
        Failover failover = failover();
        alarms.condition("ups", "ups-on-battery", Severity.MAJOR, "on battery", null);
        failover.evaluate();
        clock.advance(Duration.ofMinutes(2));
        failover.evaluate();
        clock.advance(Duration.ofMinutes(5));
        failover.evaluate();

        await().atMost(WITHIN).until(() -> states().contains("ON_DRC"));
        assertEquals("policy:approval-timeout", told.get(told.size() - 1).decidedBy());
    }

    @Test
    void aDrillRunsTheWholeWayThereAndBackAndTouchesNoDrc() throws Exception {
        Failover failover = failover();
        failover.drill("budi");

        await().atMost(WITHIN).until(() -> states().size() == 4);
        assertEquals(List.of("FAILING_OVER", "ON_DRC", "FAILING_BACK", "NORMAL"), states());
        assertTrue(told.stream().allMatch(t -> Boolean.TRUE.equals(t.drill())));
        assertTrue(told.get(1).detail().contains("(dry run)"), told.get(1).detail());
        assertEquals(List.of(), gslbCalls, "nothing was switched");
    }

    @Test
    void failbackWaitsUntilTheDataCenterHasBeenHealthyLongEnough() throws Exception {
        Failover failover = failover();
        fire(true);
        failover.evaluate();
        await().atMost(WITHIN).until(() -> states().contains("ON_DRC"));
        fire(false);
        failover.evaluate();

        FailoverException early = assertThrows(FailoverException.class, () -> failover.failback("budi"));
        assertTrue(early.getMessage().contains("healthy for 0 s of the 1800 s"), early.getMessage());
        clock.advance(Duration.ofMinutes(30));
        failover.evaluate();
        failover.failback("budi");

        await().atMost(WITHIN).until(() -> states().contains("NORMAL"));
        assertEquals(List.of("AT_RISK", "FAILING_OVER", "ON_DRC", "FAILING_BACK", "NORMAL"), states());
        assertTrue(gslbCalls.get(gslbCalls.size() - 1).startsWith("POST /gslb/back key=" + told.get(3).attempt()));
    }

    @Test
    void aControllerRestartedMidFailoverDoesNotRepeatAFinishedStep() throws Exception {
        // What the database holds after a crash during step 2 of drc-a: step 1 done, step 2 started.
        FailoverStore store = new FailoverStore(db);
        Instant t = clock.instant();
        store.transition(new Current(Failover.State.FAILING_OVER, "fire", null, "policy:fire", "attempt-1", false, t, t, null,
                null), Failover.State.AT_RISK, "before the crash");
        store.stepStarted("attempt-1", "drc-a", "failover", 0, "HTTP POST gslb", t);
        store.stepFinished("attempt-1", "drc-a", "failover", 0, null, null, t);
        store.stepStarted("attempt-1", "drc-a", "failover", 1, "HTTP POST replicas", t);

        Failover restarted = failover();
        restarted.evaluate();

        await().atMost(WITHIN).until(() -> states().contains("ON_DRC"));
        assertEquals(List.of("FAILING_OVER", "ON_DRC"), states());
        assertEquals("controller", told.get(0).decidedBy());
        assertEquals(List.of("POST /replicas/drc-a key=attempt-1 "), gslbCalls, "only the interrupted step, with the same key");
        assertTrue(told.get(1).detail().contains("already done"), told.get(1).detail());
    }

    @Test
    void aChattyDrcToolDoesNotStallTheFailoverAndWhatItWroteIsRecordedCutToItsEnds() throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        site = new SiteLoader().parse("chatty.yaml", """
                site: {id: dc}
                rooms:
                  - id: server-room
                    sensors:
                      - {id: smoke-1, kind: smoke, agent: pi, driver: {type: simulated}}
                      - {id: smoke-2, kind: smoke, agent: pi, driver: {type: simulated}}
                agents: [{id: pi, room: server-room}]
                composites: [{id: fire-confirmed, room: server-room, severity: critical, all: [{alarm: smoke, atLeast: 2}]}]
                drcSites:
                  - id: drc-a
                    location: Makassar
                    priority: 1
                    probe: {url: "%1$s/drc-a/health"}
                    failover:
                      - command: {run: [sh, -c, 'echo "start $0"; head -c 1048576 /dev/zero | tr "\\0" z; echo; echo "end $0"', "{{drc}}"],
                                  timeout: 15s}
                      - {http: {url: "%1$s/replicas/drc-a", retries: 0}}
                  - id: drc-b
                    location: Jakarta
                    priority: 2
                    probe: {url: "%1$s/drc-b/health"}
                    failover: [{http: {url: "%1$s/gslb/drc-b", retries: 0}}]
                failover:
                  mode: automatic
                  triggers: [{id: fire, any: [{alarm: fire-confirmed}]}]
                """.formatted(base));
        Failover failover = failover();
        fire(true);
        failover.evaluate();

        await().atMost(WITHIN).until(() -> states().contains("ON_DRC") || states().contains("FAILED"));
        FailoverState outcome = told.get(told.size() - 1);
        assertEquals("ON_DRC", outcome.state(), outcome.detail());
        List<FailoverStore.Step> steps = new FailoverStore(db).recordedSteps(outcome.attempt(), "drc-a", "failover");
        assertEquals("done", steps.get(0).status());
        String output = steps.get(0).output();
        assertTrue(output.startsWith("start drc-a\n") && output.strip().endsWith("end drc-a"), "its first and last KiB");
        assertTrue(output.length() < 10_000 && output.contains("bytes left out"), output.length() + " characters");
        assertEquals(null, steps.get(1).output(), "an HTTP step has no output");
    }

    @Test
    void onlyTheControllerHoldingTheLeaseActs() throws Exception {
        Failover first = failover();
        first.evaluate(); // takes the lease
        Failover second = failover();
        fire(true);
        second.evaluate();
        assertEquals(List.of(), told, "the second controller stands by");
        assertEquals("not-leader", assertThrows(FailoverException.class, () -> second.drill("budi")).code());

        first.evaluate();
        await().atMost(WITHIN).until(() -> states().contains("ON_DRC"));
    }
}
