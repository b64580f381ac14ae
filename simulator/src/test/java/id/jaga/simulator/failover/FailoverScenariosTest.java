package id.jaga.simulator.failover;

import id.jaga.sensors.auth.AgentKeys;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import id.jaga.simulator.SimulatorDrivers;
import id.jaga.config.Broker;
import id.jaga.config.Composite.Condition;
import id.jaga.config.ControllerSettings;
import id.jaga.config.DrcAction;
import id.jaga.config.DrcSite;
import id.jaga.config.FailoverPolicy;
import id.jaga.config.FailoverPolicy.Trigger;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.Controller;
import id.jaga.controller.auth.Role;
import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.mqtt.MessageListener;
import id.jaga.sensors.wire.FailoverState;
import id.jaga.sensors.wire.Wire;
import id.jaga.simulator.ApiClient;
import id.jaga.simulator.SimulatedSite;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four canonical reasons to leave for a DRC, driven through the real agent code (simulated
 * sensors), an embedded broker and the controller: the power running out, a confirmed fire, a
 * cooling failure, and an operator's decision. A real HTTP server plays the DRCs' health checks
 * and the GSLB their failover calls; the NOC is a plain MQTT subscriber.
 */
class FailoverScenariosTest {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;
    static EmbeddedBroker broker;
    static HttpServer drcs;
    static MqttClient noc;
    static final List<FailoverState> nocHeard = new CopyOnWriteArrayList<>();
    static final List<String> gslbCalls = new CopyOnWriteArrayList<>();
    Controller controller;
    final ApiClient api = new ApiClient(() -> controller.apiUrl());
    SimulatedSite site;

    @BeforeAll
    static void startPeers() throws Exception {
        broker = EmbeddedBroker.start("127.0.0.1", freePort(), shared.resolve("broker"));
        drcs = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        drcs.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (!path.endsWith("/health")) {
                gslbCalls.add(exchange.getRequestMethod() + " " + path + " " + new String(exchange.getRequestBody().readAllBytes()));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        drcs.start();
        noc = new MqttClient(broker.uri(), "noc-failover", new MemoryPersistence());
        noc.setCallback(MessageListener.of((topic, m) -> nocHeard.add(Wire.decode(m.getPayload(), FailoverState.class))));
        noc.connect(new MqttConnectionOptions());
        noc.subscribe("jaga/v1/demo/failover", 1);
    }

    @AfterAll
    static void stopPeers() throws Exception {
        noc.disconnect();
        noc.close();
        drcs.stop(0);
        broker.close();
    }

    @BeforeEach
    void startSite() throws Exception {
        nocHeard.clear();
        gslbCalls.clear();
        SiteConfig demo = new SiteLoader(List.of(SimulatorDrivers.of(new SimulatedInputs()).siteCheck()))
                .load(Path.of("../config/examples/demo.yaml"));
        String base = "http://127.0.0.1:" + drcs.getAddress().getPort();
        List<DrcSite> drcSites = List.of(drc(base, "drc-makassar", "Makassar", 1), drc(base, "drc-jakarta", "Jakarta", 2));
        FailoverPolicy policy = new FailoverPolicy(FailoverPolicy.AUTOMATIC, null, null, Duration.ofMinutes(1), false, List.of(
                new Trigger("power-exhausted", null, Duration.ZERO, null, List.of(alarm("ups-on-battery"),
                        new Condition(null, null, "ups-runtime", null, 600.0, null, null)), null),
                new Trigger("fire-confirmed", "server-room", Duration.ZERO, null, null, List.of(alarm("fire-confirmed"))),
                new Trigger("cooling-failure", null, Duration.ofSeconds(2), null, null,
                        List.of(new Condition(null, null, null, null, null, Severity.CRITICAL, 0.5)))));
        SiteConfig config = new SiteConfig(demo.site(), new Broker(List.of(broker.uri()), null, null, null, null),
                new Storage("jdbc:h2:file:" + tmp.resolve("db/jaga").toAbsolutePath(), null, null),
                new ControllerSettings(new ControllerSettings.Http("127.0.0.1", 0, null), null), demo.rooms(), demo.agents(),
                demo.racks(), demo.thresholds(), drcSites, List.of(), demo.composites(), policy, null, null, null);
        config = AgentKeys.provision(config, tmp.resolve("keys"));
        controller = Controller.start(config, tmp, Clock.systemUTC());
        controller.accounts().create("budi", "operator-password", Role.OPERATOR);
        controller.accounts().create("tamu", "viewer-password", Role.VIEWER);
        site = new SimulatedSite(config, tmp.resolve("agents"), Clock.systemUTC()).start();
        await().atMost(WITHIN).until(() -> controller.failover().drcHealth().size() == 2
                && controller.failover().drcHealth().values().stream().allMatch(h -> h.healthy()));
        await().atMost(WITHIN).until(() -> controller.metrics().counter("jaga.ingest.readings").count() > 20);
    }

    @AfterEach
    void stopSite() {
        site.close();
        controller.close();
    }

    private static DrcSite drc(String base, String id, String location, int priority) {
        return new DrcSite(id, id, location, priority, new DrcSite.Probe(base + "/" + id + "/health", null, null,
                Duration.ofSeconds(1), null), List.of(new DrcAction(new DrcAction.Http("POST", base + "/gslb/" + id, null,
                "{\"to\":\"{{drc}}\",\"trigger\":\"{{trigger}}\",\"key\":\"{{key}}\"}", null, 0, null), null, null)),
                List.of(new DrcAction(new DrcAction.Http("POST", base + "/gslb/back", null, null, null, 0, null), null, null)));
    }

    private static Condition alarm(String type) {
        return new Condition(type, null, null, null, null, null, null);
    }

    private SimulatedInputs inputs() {
        return site.inputs();
    }

    /** The NOC heard AT_RISK, FAILING_OVER, ON_DRC in that order, for this trigger and the first DRC. */
    private FailoverState assertFailedOverToMakassar(String trigger) throws Exception {
        await().atMost(WITHIN).until(() -> nocHeard.stream().anyMatch(s -> s.state().equals("ON_DRC")));
        List<String> states = nocHeard.stream().map(FailoverState::state).toList();
        assertEquals(List.of("FAILING_OVER", "ON_DRC"), states.subList(states.size() - 2, states.size()), "NOC heard " + states);
        FailoverState onDrc = nocHeard.get(nocHeard.size() - 1);
        assertEquals("drc-makassar", onDrc.drc());
        assertEquals(trigger, onDrc.trigger());
        assertEquals(List.of("POST /gslb/drc-makassar {\"to\":\"drc-makassar\",\"trigger\":\"" + trigger + "\",\"key\":\""
                + onDrc.attempt() + "\"}"), gslbCalls, "the action called, once, with the attempt's key");
        JsonNode history = api.get("/api/failover", api.login("tamu", "viewer-password")).get("history");
        assertEquals("ON_DRC", history.get(0).get("state").asText());
        assertEquals(onDrc.decidedBy(), history.get(0).get("decidedBy").asText(), "the record says who or what decided");
        return onDrc;
    }

    @Test
    void theUpsOnBatteryIsNotEnoughButItsRuntimeFallingUnderTenMinutesIs() throws Exception {
        inputs().setText("ups-status", "OB DISCHRG");
        inputs().set("ups-runtime", 1500);
        await().atMost(WITHIN).until(() -> controller.metrics().counter("jaga.ingest.readings").count() > 0
                && api.get("/api/alarms?state=active", api.login("tamu", "viewer-password")).toString().contains("ups-on-battery"));
        assertEquals("NORMAL", controller.failover().state().state(), "on battery with 25 min left: no failover yet");

        inputs().set("ups-runtime", 420);
        FailoverState onDrc = assertFailedOverToMakassar("power-exhausted");
        assertEquals("policy:power-exhausted", onDrc.decidedBy());
        FailoverState atRisk = nocHeard.stream().filter(s -> s.state().equals("AT_RISK")).findFirst().orElseThrow();
        assertTrue(atRisk.detail().contains("ups-runtime = 420.0 s (below 600.0)"), atRisk.detail());
    }

    @Test
    void twoSmokeDetectorsInTheServerRoomAreAFireAndFailOverAtOnce() throws Exception {
        inputs().set("smoke-1", 1);
        await().atMost(WITHIN).until(() -> api.get("/api/alarms?state=active", api.login("tamu", "viewer-password")).toString()
                .contains("\"smoke\""));
        assertEquals("NORMAL", controller.failover().state().state(), "one detector is smoke, not a confirmed fire");

        inputs().set("smoke-2", 1);
        FailoverState onDrc = assertFailedOverToMakassar("fire-confirmed");
        assertEquals("policy:fire-confirmed", onDrc.decidedBy());
    }

    @Test
    void racksHeatingUpAfterACoolingFailureFailOverOnceMostAreCritical() throws Exception {
        for (double t : new double[] {26, 29, 31, 34}) { // the room warms as the cooling is gone
            for (String rack : List.of("rack-1-inlet", "rack-2-inlet", "rack-3-inlet")) {
                inputs().set(rack, t);
            }
        }
        FailoverState onDrc = assertFailedOverToMakassar("cooling-failure");
        FailoverState atRisk = nocHeard.stream().filter(s -> s.state().equals("AT_RISK")).findFirst().orElseThrow();
        assertTrue(atRisk.detail().contains("3 of 4 racks at critical or worse"), atRisk.detail());
        assertEquals("policy:cooling-failure", onDrc.decidedBy());
    }

    @Test
    void anOperatorFailsOverByHandAndAViewerCannot() throws Exception {
        String start = "{\"reason\":\"PLN announced a 6-hour outage for the district\"}";
        assertEquals(403, api.post("/api/failover/start", start, api.login("tamu", "viewer-password")).statusCode());
        HttpResponse<String> done = api.post("/api/failover/start", start, api.login("budi", "operator-password"));
        assertEquals(200, done.statusCode(), done.body());

        FailoverState onDrc = assertFailedOverToMakassar("manual");
        assertEquals("operator:budi", onDrc.decidedBy());
        FailoverState failingOver = nocHeard.get(nocHeard.size() - 2);
        assertTrue(failingOver.detail().contains("PLN announced a 6-hour outage"), failingOver.detail());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
