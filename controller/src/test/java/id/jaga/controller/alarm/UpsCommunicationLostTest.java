package id.jaga.controller.alarm;

import static id.jaga.sensors.driver.nut.NutServer.vars;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jaga.agent.AgentMain;
import id.jaga.agent.RackAgent;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.controller.AgentKeysForTests;
import id.jaga.controller.Controller;
import id.jaga.controller.auth.Role;
import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.sensors.driver.i2c.PiContexts;
import id.jaga.sensors.driver.nut.NutServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real upsd (NUT's, with the dummy-ups driver) read by a real agent through its real NUT driver,
 * judged by a real controller: when upsd goes away, the operator gets one alarm for the UPS with
 * the agent's reason, MAJOR, or CRITICAL if the UPS was last seen on battery, instead of a
 * reasonless MINOR {@code no-data} per sensor; it clears when the data comes back.
 */
class UpsCommunicationLostTest {
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final String PASSWORD = "ups-tests-read-the-alarms";
    private static final List<String> SENSORS = List.of("ups-status", "ups-charge", "ups-runtime", "ups-load");
    private static final Map<String, String> ON_MAINS = vars("ups.status", "OL", "battery.charge", "100",
            "battery.runtime", "3600", "input.voltage", "230.0", "ups.load", "20");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static NutServer nut;
    static EmbeddedBroker broker;
    static Controller controller;
    static RackAgent agent;
    static final HttpClient http = HttpClient.newHttpClient();
    static String token;

    @BeforeAll
    static void start() throws Exception {
        nut = NutServer.start(java.nio.file.Files.createDirectories(tmp.resolve("nut")), ON_MAINS);
        broker = EmbeddedBroker.start("127.0.0.1", freePort(), tmp.resolve("broker"));
        StringBuilder sensors = new StringBuilder();
        for (String[] s : new String[][] {{"ups-status", "ups-status", "ups.status"}, {"ups-charge", "battery-charge", "battery.charge"},
                {"ups-runtime", "battery-runtime", "battery.runtime"}, {"ups-load", "ups-load", "ups.load"}}) {
            sensors.append("      - {id: %s, kind: %s, agent: pi-1, pollInterval: 500ms, staleAfter: 3s, driver: {type: nut, port: %d, ups: %s, var: %s}}\n"
                    .formatted(s[0], s[1], nut.port(), NutServer.UPS, s[2]));
        }
        SiteConfig site = AgentKeysForTests.withKeys(new SiteLoader(List.of(AgentMain.drivers(PiContexts.mock()).siteCheck()))
                .parse("ups.yaml", """
                site: {id: dc}
                broker: {uris: [%s]}
                storage: {url: "jdbc:h2:file:%s"}
                controller: {http: {host: 127.0.0.1, port: 0}}
                rooms:
                  - id: room
                    sensors:
                %s
                agents: [{id: pi-1, room: room, publishInterval: 200ms}]
                """.formatted(broker.uri(), tmp.resolve("db/jaga"), sensors)));
        controller = Controller.start(site, tmp.resolve("controller"), Clock.systemUTC());
        controller.accounts().create("tester", PASSWORD, Role.VIEWER);
        token = signIn();
        agent = new RackAgent(site, "pi-1", AgentMain.drivers(PiContexts.mock()), tmp.resolve("agent"), Clock.systemUTC());
        agent.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (controller != null) {
            controller.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (nut != null) {
            nut.close();
        }
    }

    @Test
    void upsdGoingAwayRaisesOneMajorAlarmWithTheAgentsReasonAndItClearsWhenDataIsBack() throws Exception {
        awaitCurrent("ups-status", "OL");

        nut.stopUpsd();
        JsonNode lost;
        try {
            lost = await().atMost(WITHIN).until(() -> active(UpsCommunication.TYPE), Optional::isPresent).orElseThrow();
            assertEquals("ups-status", lost.get("source").asText(), "one alarm, on the UPS's status sensor");
            assertEquals("major", lost.get("severity").asText());
            String message = lost.get("message").asText();
            assertTrue(message.contains("UPS dummy@127.0.0.1:" + nut.port() + " of agent pi-1 cannot be read: no answer from upsd at 127.0.0.1:"
                    + nut.port() + ": ConnectException: Connection refused"), message);

            // past every sensor's staleAfter once more: still none
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> activeTypes("no-data").isEmpty());
            assertEquals(List.of(), activeTypes("no-data"), "the UPS alarm says it all: no reasonless no-data per sensor");
            assertEquals(1, alarms("active").stream().filter(a -> a.get("type").asText().equals(UpsCommunication.TYPE)).count(),
                    "one alarm for the UPS, not one per sensor");
        } finally {
            nut.startUpsd();
        }
        await().atMost(WITHIN).until(() -> active(UpsCommunication.TYPE).isEmpty());
        JsonNode cleared = alarms("all").stream().filter(a -> a.get("type").asText().equals(UpsCommunication.TYPE))
                .findFirst().orElseThrow();
        assertEquals("cleared", cleared.get("state").asText());
        assertEquals(List.of(), activeTypes("no-data"));
    }

    @Test
    void aUpsLastSeenOnBatteryIsCritical() throws Exception {
        nut.writeDev(vars("ups.status", "OB DISCHRG", "battery.charge", "80", "battery.runtime", "1200",
                "input.voltage", "0.0", "ups.load", "20"));
        try {
            awaitCurrent("ups-status", "OB DISCHRG");
            nut.stopUpsd();
            try {
                JsonNode lost = await().atMost(WITHIN).until(() -> active(UpsCommunication.TYPE), Optional::isPresent).orElseThrow();
                assertEquals("critical", lost.get("severity").asText());
                assertTrue(lost.get("message").asText().contains("Connection refused"), lost.toString());
                assertTrue(lost.get("message").asText().contains("it was last seen on battery"), lost.toString());
            } finally {
                nut.startUpsd();
            }
            await().atMost(WITHIN).until(() -> active(UpsCommunication.TYPE).isEmpty());
        } finally {
            nut.writeDev(ON_MAINS);
            awaitCurrent("ups-status", "OL");
        }
    }

    /** Waits until the controller's newest reading of the sensor is current and says {@code text}. */
    private static void awaitCurrent(String sensor, String text) {
        await().atMost(WITHIN).until(() -> {
            for (JsonNode s : get("/api/sensors").path("sensors")) {
                JsonNode reading = s.path("reading");
                if (s.path("id").asText().equals(sensor)) {
                    return reading.path("current").asBoolean() && text.equals(reading.path("value").asText());
                }
            }
            return false;
        });
    }

    private static Optional<JsonNode> active(String type) throws IOException, InterruptedException {
        return alarms("active").stream().filter(a -> a.get("type").asText().equals(type)).findFirst();
    }

    /** The sources of the active alarms of this type that are about the UPS's sensors. */
    private static List<String> activeTypes(String type) throws IOException, InterruptedException {
        return alarms("active").stream().filter(a -> a.get("type").asText().equals(type))
                .map(a -> a.get("source").asText()).filter(SENSORS::contains).toList();
    }

    private static List<JsonNode> alarms(String state) throws IOException, InterruptedException {
        List<JsonNode> list = new ArrayList<>();
        get("/api/alarms?state=" + state).path("items").forEach(list::add);
        return list;
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(controller.apiUrl() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static String signIn() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(controller.apiUrl() + "/api/session"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"tester\",\"password\":\"" + PASSWORD + "\"}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("token").asText();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
