package id.jaga.controller.http;

import id.jaga.controller.AgentKeysForTests;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console as the controller serves it, over real HTTP: its files with the security
 * headers, and the routes made for it (the site's plan and zone, the security log).
 */
class ConsoleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path tmp;
    static EmbeddedBroker broker;
    static Controller controller;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.onFreePort(tmp.resolve("broker"));
        controller = Controller.start(AgentKeysForTests.withKeys(new SiteLoader().parse("console.yaml", """
                site: {id: dc, name: Pusat Data Kabupaten}
                broker: {uris: [%s]}
                storage: {url: "jdbc:h2:file:%s"}
                controller: {http: {host: 127.0.0.1, port: 0}}
                rooms: [{id: server-room, name: Ruang Server, widthM: 4, depthM: 3}, {id: noc}]
                agents: [{id: pi-1, room: server-room}]
                racks:
                  - id: rack-1
                    room: server-room
                    sensors: [{id: inlet, kind: temperature, agent: pi-1, driver: {type: simulated}}]
                drcSites:
                  - {id: drc-mks, name: DRC Makassar, location: Makassar, priority: 1, probe: {tcp: "127.0.0.1:1"},
                     failover: [{mqtt: {topic: t, payload: p}}], failback: [{mqtt: {topic: t, payload: p}}]}
                  - {id: drc-jkt, location: Jakarta, priority: 2, probe: {tcp: "127.0.0.1:1"},
                     failover: [{mqtt: {topic: t, payload: p}}], failback: [{mqtt: {topic: t, payload: p}}]}
                """.formatted(broker.uri(), tmp.resolve("db/jaga").toAbsolutePath()))), tmp, Clock.systemUTC());
        controller.accounts().create("tamu", PASSWORD, Role.VIEWER);
        controller.accounts().create("dewi", PASSWORD, Role.SECURITY_OFFICER);
        await().atMost(Duration.ofSeconds(20)).until(controller::isConnected);
    }

    @AfterAll
    static void stop() {
        controller.close();
        broker.close();
    }

    @Test
    void theConsoleIsServedAtTheRootWithAPolicyThatAllowsNoInlineCodeAndNoFraming() throws Exception {
        HttpResponse<String> page = call("/", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script type=\"module\" src=\"js/app.js\"></script>"), page.body());
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"), policy);
        assertFalse(policy.contains("unsafe-inline") || policy.contains("unsafe-eval"), policy);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(""), "an upgrade is never hidden by a cache");

        assertTrue(call("/js/app.js", null).headers().firstValue("content-type").orElse("").contains("javascript"));
        assertTrue(call("/i18n/id.json", null).body().contains("\"nav.floor\""));
        assertEquals(200, call("/vendor/uplot/LICENSE", null).statusCode(), "the charting library ships with its licence");
    }

    /** Every page load asked for /favicon.ico and got a 404; the console links its icon, and /favicon.ico is the same icon. */
    @Test
    void theConsoleHasAnIconWhereverABrowserLooksForIt() throws Exception {
        String page = call("/", null).body();
        assertTrue(page.contains("<link rel=\"icon\" href=\"favicon.svg\" type=\"image/svg+xml\">"), page);
        for (String path : List.of("/favicon.svg", "/favicon.ico")) {
            HttpResponse<String> icon = call(path, null);
            assertEquals(200, icon.statusCode(), path);
            assertEquals("image/svg+xml", icon.headers().firstValue("content-type").orElse(""), path);
            assertTrue(icon.body().startsWith("<svg"), path);
        }
    }

    @Test
    void apiAnswersCarryTheHeadersTooAndAreNeverCached() throws Exception {
        HttpResponse<String> refused = call("/api/alarms", null);
        assertEquals(401, refused.statusCode());
        assertEquals("nosniff", refused.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("no-store", refused.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(refused.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
    }

    @Test
    void theSiteRouteGivesThePlanAndTheZoneWesternIndonesiaWhenTheFileNamesNone() throws Exception {
        JsonNode site = JSON.readTree(call("/api/site", signIn("tamu")).body());
        assertEquals("Pusat Data Kabupaten", site.get("name").asText());
        assertEquals("Asia/Jakarta", site.get("timezone").asText());
        assertEquals("Ruang Server", site.get("rooms").get(0).get("name").asText());
        assertEquals(4.0, site.get("rooms").get(0).get("widthM").asDouble());
        assertEquals("noc", site.get("rooms").get(1).get("name").asText(), "a room without a name is shown by its id");
        assertEquals("DRC Makassar", site.get("drcSites").get(0).get("name").asText());
        assertEquals("drc-jkt", site.get("drcSites").get(1).get("name").asText());
    }

    @Test
    void theSecurityLogIsNewestFirstPagedBackAndOnlyForItsReaders() throws Exception {
        controller.access().reload(controller.site().access(), "first");
        controller.access().reload(controller.site().access(), "second");
        assertEquals(403, call("/api/security/events", signIn("tamu")).statusCode());

        String officer = signIn("dewi");
        JsonNode first = JSON.readTree(call("/api/security/events?limit=1", officer).body());
        JsonNode newest = first.get("items");
        assertEquals(1, newest.size());
        assertEquals("access-rules-reloaded", newest.get(0).get("type").asText());
        assertTrue(newest.get(0).get("detail").asText().startsWith("second"), newest.toString());
        assertTrue(newest.get(0).get("snapshots").isArray());

        JsonNode older = JSON.readTree(call("/api/security/events?limit=1&cursor=" + first.get("next").asText(), officer).body())
                .get("items");
        assertTrue(older.get(0).get("detail").asText().startsWith("first"), older.toString());

        HttpResponse<String> bad = call("/api/security/events?limit=0", officer);
        assertEquals(400, bad.statusCode());
        assertEquals("limit", JSON.readTree(bad.body()).get("field").asText());
    }

    private static String signIn(String name) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(controller.apiUrl() + "/api/session"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("token").asText();
    }

    private static HttpResponse<String> call(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(controller.apiUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
