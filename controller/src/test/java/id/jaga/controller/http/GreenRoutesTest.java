package id.jaga.controller.http;

import id.jaga.controller.AgentKeysForTests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jaga.config.SiteLoader;
import id.jaga.controller.Controller;
import id.jaga.controller.auth.Role;
import id.jaga.controller.broker.EmbeddedBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The green figures and the report over real HTTP from a running controller: shapes, periods, errors and who may read what. */
class GreenRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path tmp;
    static EmbeddedBroker broker;
    static Controller controller;
    static final HttpClient http = HttpClient.newHttpClient();
    static String viewer;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.onFreePort(tmp.resolve("broker"));
        controller = Controller.start(AgentKeysForTests.withKeys(new SiteLoader().parse("green.yaml", """
                site: {id: dc, name: Pusat Data, timezone: Asia/Makassar}
                broker: {uris: [%s], insecure: true, insecureReason: "lab rack, isolated VLAN"}
                storage: {url: "jdbc:h2:file:%s"}
                controller: {http: {host: 127.0.0.1, port: 0}}
                rooms: [{id: room, sensors: [{id: facility, kind: power, agent: pi-1, driver: {type: simulated}}]}]
                agents: [{id: pi-1, room: room}]
                racks:
                  - id: rack
                    room: room
                    capacity: 5kW
                    sensors:
                      - {id: inlet, kind: temperature, agent: pi-1, driver: {type: simulated}}
                      - {id: pdu, kind: power, agent: pi-1, driver: {type: simulated}}
                energy: {facility: [facility]}
                """.formatted(broker.uri(), tmp.resolve("db/jaga").toAbsolutePath()))), tmp, Clock.systemUTC());
        controller.accounts().create("sari", PASSWORD, Role.ADMIN);
        controller.accounts().create("tamu", PASSWORD, Role.VIEWER);
        viewer = signIn("tamu");
        admin = signIn("sari");
    }

    @AfterAll
    static void stop() throws Exception {
        controller.close();
        broker.close();
    }

    @Test
    void aSiteFileThatAcceptsAnInsecureBrokerSaysSoWithItsReasonToEveryone() throws Exception {
        assertEquals("lab rack, isolated VLAN", JSON.readTree(get("/api/site", viewer).body()).get("insecure").asText(),
                "the console shows it as a banner");
        assertEquals("lab rack, isolated VLAN", JSON.readTree(get("/api/health", viewer).body()).get("insecure").asText());
    }

    @Test
    void pueLiveAndPerCalendarPeriodSayHowMuchOfThePeriodHadData() throws Exception {
        JsonNode live = JSON.readTree(get("/api/green/pue?period=live", viewer).body());
        assertTrue(live.get("pue").isNull(), "no readings yet");
        assertEquals(0.0, live.get("coverage").asDouble());
        JsonNode month = JSON.readTree(get("/api/green/pue?period=month&at=2026-11-15", viewer).body());
        assertEquals("2026-10-31T16:00:00Z", month.get("from").asText(), "the site's local month");
        assertEquals("2026-11-30T16:00:00Z", month.get("to").asText());
        assertEquals(0.0, month.get("coverage").asDouble());
        HttpResponse<String> bad = get("/api/green/pue?period=week", viewer);
        assertEquals(400, bad.statusCode());
        assertEquals("period", JSON.readTree(bad.body()).get("field").asText());
    }

    @Test
    void energyInletsAndAvailabilityAreOverWholeLocalDays() throws Exception {
        JsonNode energy = JSON.readTree(get("/api/green/energy?from=2026-11-01&to=2026-11-07", viewer).body());
        assertEquals("rack", energy.get("racks").get(0).get("rack").asText());
        assertEquals(5000.0, energy.get("racks").get(0).get("capacityW").asDouble());
        assertEquals("facility", energy.get("emissions").get("basis").asText());
        assertEquals("inlet", JSON.readTree(get("/api/green/inlets?from=2026-11-01&to=2026-11-07", viewer).body())
                .get("inlets").get(0).get("sensor").asText());
        JsonNode availability = JSON.readTree(get("/api/availability?from=2026-11-01&to=2026-11-07", viewer).body());
        assertEquals("room", availability.get("rooms").get(0).get("room").asText());
        HttpResponse<String> bad = get("/api/green/energy?from=2026-11-07&to=yesterday", viewer);
        assertEquals(400, bad.statusCode());
        assertEquals("to", JSON.readTree(bad.body()).get("field").asText());
    }

    @Test
    void theReportNeedsTheSecurityLogPermissionAndComesInEachFormat() throws Exception {
        assertEquals(403, get("/api/reports?from=2026-11-01&to=2026-11-30", viewer).statusCode());
        HttpResponse<String> html = get("/api/reports?from=2026-11-01&to=2026-11-30&lang=en", admin);
        assertEquals(200, html.statusCode());
        assertTrue(html.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(html.body().contains("Data Center Operations Report"));
        HttpResponse<String> csv = get("/api/reports?from=2026-11-01&to=2026-11-30&format=csv", admin);
        assertTrue(csv.body().startsWith("section,subject,metric,value,unit"));
        HttpResponse<byte[]> pdf = http.send(request("/api/reports?from=2026-11-01&to=2026-11-30&format=pdf", admin),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("%PDF", new String(pdf.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(400, get("/api/reports?from=2026-11-01&to=2026-11-30&format=docx", admin).statusCode());
    }

    private static String signIn(String name) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(controller.apiUrl() + "/api/session"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("token").asText();
    }

    private static HttpRequest request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(controller.apiUrl() + path)).header("Authorization", "Bearer " + token).build();
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(request(path, token), HttpResponse.BodyHandlers.ofString());
    }
}
