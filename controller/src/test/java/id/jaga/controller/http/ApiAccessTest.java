package id.jaga.controller.http;

import id.jaga.controller.AgentKeysForTests;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jaga.config.SiteLoader;
import id.jaga.controller.Controller;
import id.jaga.controller.auth.Role;
import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.sensors.mqtt.MessageListener;
import id.jaga.sensors.wire.AlarmEvent;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Wire;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in and roles over real HTTP against a running controller (embedded broker, H2): who may
 * read, who may work alarms, and that an acknowledgement made over HTTP reaches the NOC over MQTT.
 */
class ApiAccessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String PASSWORD = "correct horse battery";
    private static final String SCRAPE_TOKEN = "scrape-token-for-prometheus";

    @TempDir
    static Path tmp;
    static EmbeddedBroker broker;
    static Controller controller;
    static MqttClient agent;
    static final BlockingQueue<AlarmEvent> alarmEvents = new LinkedBlockingQueue<>();
    static final HttpClient http = HttpClient.newHttpClient();
    static long seq;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.onFreePort(tmp.resolve("broker"));
        Path scrapeToken = java.nio.file.Files.writeString(tmp.resolve("metrics.token"), SCRAPE_TOKEN + "\n");
        controller = Controller.start(AgentKeysForTests.withKeys(new SiteLoader().parse("api.yaml", """
                site: {id: dc}
                broker: {uris: [%s]}
                storage: {url: "jdbc:h2:file:%s"}
                controller: {http: {host: 127.0.0.1, port: 0}, metrics: {tokenFile: "%s"}}
                rooms: [{id: room}]
                agents: [{id: pi-1, room: room}]
                racks:
                  - id: rack
                    room: room
                    sensors: [{id: inlet, kind: temperature, agent: pi-1, driver: {type: simulated}}]
                """.formatted(broker.uri(), tmp.resolve("db/jaga").toAbsolutePath(), scrapeToken))), tmp, Clock.systemUTC());
        controller.accounts().create("sari", PASSWORD, Role.ADMIN);
        controller.accounts().create("budi", PASSWORD, Role.OPERATOR);
        controller.accounts().create("tamu", PASSWORD, Role.VIEWER);

        agent = new MqttClient(broker.uri(), "pi-1-under-test", new MemoryPersistence());
        agent.setCallback(MessageListener.of((topic, m) -> alarmEvents.add(Wire.decode(m.getPayload(), AlarmEvent.class))));
        agent.connect(new MqttConnectionOptions());
        agent.subscribe(controller.topics().alarm(), 1);
        await().atMost(WITHIN).until(controller::isConnected);
    }

    @AfterAll
    static void stop() throws Exception {
        agent.disconnect();
        agent.close();
        controller.close();
        broker.close();
    }

    @Test
    void withoutASignInOnlyTheBareHealthIsOpen() throws Exception {
        HttpResponse<String> alarms = call("GET", "/api/alarms", null, null);
        assertEquals(401, alarms.statusCode());
        assertEquals("unauthenticated", JSON.readTree(alarms.body()).get("code").asText());
        assertTrue(alarms.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, call("GET", "/api/racks", null, "not-a-token").statusCode());

        JsonNode health = JSON.readTree(call("GET", "/api/health", null, null).body());
        assertEquals("dc", health.get("site").asText());
        assertFalse(health.has("agents"), "details need a sign-in");
        assertTrue(JSON.readTree(call("GET", "/api/health", null, signIn("tamu")).body()).has("agents"));
    }

    @Test
    void aViewerMayLookButNotAcknowledgeAndAnOperatorAcknowledgesWhatTheNocThenSees() throws Exception {
        AlarmEvent raised = raiseAlarm();
        String viewer = signIn("tamu");
        String operator = signIn("budi");
        String ack = "/api/alarms/" + raised.alarm() + "/acknowledge";

        assertEquals(200, call("GET", "/api/alarms?state=active", null, viewer).statusCode());
        HttpResponse<String> refused = call("POST", ack, "{\"comment\":\"seen\"}", viewer);
        assertEquals(403, refused.statusCode());
        assertEquals("forbidden", JSON.readTree(refused.body()).get("code").asText());

        HttpResponse<String> noComment = call("POST", ack, "{}", operator);
        assertEquals(400, noComment.statusCode());
        assertEquals("comment", JSON.readTree(noComment.body()).get("field").asText());

        HttpResponse<String> done = call("POST", ack, "{\"comment\":\"CRAC-1 restarted\"}", operator);
        assertEquals(200, done.statusCode(), done.body());
        JsonNode alarm = JSON.readTree(done.body());
        assertTrue(alarm.get("acknowledged").asBoolean());
        assertEquals("budi", alarm.get("acknowledgement").get("by").asText());

        AlarmEvent told = nextEvent(raised.alarm(), "acknowledged");
        assertEquals("budi", told.by());
        assertEquals("CRAC-1 restarted", told.comment());
        assertEquals(409, call("POST", ack, "{\"comment\":\"again\"}", operator).statusCode());

        JsonNode history = JSON.readTree(call("GET", "/api/alarms/" + raised.alarm(), null, viewer).body()).get("history");
        assertEquals("acknowledged", history.get(history.size() - 1).get("change").asText());
        assertEquals("budi", history.get(history.size() - 1).get("actor").asText());
    }

    @Test
    void whatPeopleDoIsOnTheAuditRecordWhichOnlySecurityRolesMayReadAndWhichVerifies() throws Exception {
        AlarmEvent raised = raiseAlarm();
        assertEquals(200, call("POST", "/api/alarms/" + raised.alarm() + "/acknowledge", "{\"comment\":\"=cmd|' /C calc'!A0\"}",
                signIn("budi")).statusCode());
        String admin = signIn("sari");

        assertEquals(403, call("GET", "/api/audit/verify", null, signIn("tamu")).statusCode());
        JsonNode verified = JSON.readTree(call("GET", "/api/audit/verify", null, admin).body());
        assertTrue(verified.get("ok").asBoolean(), verified.toString());

        JsonNode records = JSON.readTree(call("GET", "/api/audit?from=2000-01-01T00:00:00Z&limit=5000", null, admin).body()).get("items");
        JsonNode ack = records.get(records.size() - 1);
        assertEquals("acknowledged", ack.get("type").asText());
        assertEquals("budi", ack.get("actor").asText());
        assertEquals(64, ack.get("hash").asText().length());

        HttpResponse<String> csv = call("GET", "/api/audit?format=csv", null, admin);
        assertTrue(csv.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
        assertTrue(csv.body().contains(",\"acknowledged\",\"budi\","), csv.body());
        assertTrue(csv.body().contains("\"'=cmd|"), "a formula is defused for spreadsheets: " + csv.body());
    }

    @Test
    void anOperatorShelvesWithAReasonAndTheNocSeesTheExpiry() throws Exception {
        AlarmEvent raised = raiseAlarm();
        String operator = signIn("budi");
        String shelve = "/api/alarms/" + raised.alarm() + "/shelve";

        assertEquals(400, call("POST", shelve, "{\"minutes\":60}", operator).statusCode(), "a reason is required");
        HttpResponse<String> done = call("POST", shelve, "{\"reason\":\"CRAC-1 filter change\",\"minutes\":60}", operator);
        assertEquals(200, done.statusCode(), done.body());

        AlarmEvent told = nextEvent(raised.alarm(), "shelved");
        assertTrue(told.shelvedUntil().isAfter(Instant.now().plus(Duration.ofMinutes(59))));
        assertEquals(200, call("POST", "/api/alarms/" + raised.alarm() + "/unshelve", "{}", operator).statusCode());
        assertEquals(null, nextEvent(raised.alarm(), "unshelved").shelvedUntil());
    }

    @Test
    void aResetPasswordMustBeChangedBeforeAnythingElse() throws Exception {
        String admin = signIn("sari");
        assertEquals(201, call("POST", "/api/users", "{\"name\":\"dewi\",\"password\":\"" + PASSWORD
                + "\",\"role\":\"security-officer\"}", admin).statusCode());
        assertEquals(403, call("POST", "/api/users", "{\"name\":\"eko\",\"password\":\"" + PASSWORD
                + "\",\"role\":\"admin\"}", signIn("budi")).statusCode(), "only admins manage users");
        HttpResponse<String> weak = call("POST", "/api/users", "{\"name\":\"eko\",\"password\":\"short\",\"role\":\"viewer\"}", admin);
        assertEquals("password", JSON.readTree(weak.body()).get("field").asText());

        String oneTime = JSON.readTree(call("POST", "/api/users/dewi/password-reset", "{}", admin).body())
                .get("oneTimePassword").asText();
        String dewi = signIn("dewi", oneTime);
        HttpResponse<String> blocked = call("GET", "/api/alarms", null, dewi);
        assertEquals(403, blocked.statusCode());
        assertEquals("password-change-required", JSON.readTree(blocked.body()).get("code").asText());

        assertEquals(204, call("POST", "/api/me/password", "{\"current\":\"" + oneTime + "\",\"password\":\"a much better passphrase\"}",
                dewi).statusCode());
        assertEquals(200, call("GET", "/api/alarms", null, dewi).statusCode());
        assertEquals(401, call("POST", "/api/session", "{\"name\":\"dewi\",\"password\":\"" + oneTime + "\"}", null).statusCode());
    }

    @Test
    void repeatedWrongPasswordsAreRefusedForAWhileEvenWithTheRightOne() throws Exception {
        controller.accounts().create("rina", PASSWORD, Role.VIEWER);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, call("POST", "/api/session", "{\"name\":\"rina\",\"password\":\"guess " + i + "\"}", null).statusCode());
        }
        HttpResponse<String> limited = call("POST", "/api/session", "{\"name\":\"rina\",\"password\":\"" + PASSWORD + "\"}", null);
        assertEquals(429, limited.statusCode());
        assertTrue(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()) > 0);
    }

    @Test
    void aSignOutEndsTheSession() throws Exception {
        String token = signIn("tamu");
        assertEquals(204, call("DELETE", "/api/session", null, token).statusCode());
        assertEquals(401, call("GET", "/api/me", null, token).statusCode());
        assertNotEquals(token, signIn("tamu"), "every sign-in gets its own token");
    }

    @Test
    void aViewerFollowsTheLiveFeedWithTheSessionCookieTheStateFirstThenEachChange() throws Exception {
        HttpResponse<String> signedIn = call("POST", "/api/session", "{\"name\":\"tamu\",\"password\":\"" + PASSWORD + "\"}", null);
        String setCookie = signedIn.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("httponly") && setCookie.contains("SameSite=Strict"), setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> feed = http.send(HttpRequest.newBuilder(URI.create(controller.apiUrl() + "/api/events"))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, feed.statusCode());
        assertTrue(feed.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        Thread reader = new Thread(() -> collect(feed.body(), events), "event-feed-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            nextOf(events, "failover", e -> true);
            publish(23.5);
            nextOf(events, "reading", e -> e.at("/data/sensor").asText().equals("inlet")
                    && e.at("/data/reading/value").asDouble() == 23.5);
            AlarmEvent raised = raiseAlarm();
            nextOf(events, "alarm", e -> e.at("/data/change").asText().equals("raised")
                    && e.at("/data/alarm/id").asText().equals(raised.alarm()) && e.at("/data/alarm/source").asText().equals("inlet"));

            assertEquals(204, http.send(HttpRequest.newBuilder(URI.create(controller.apiUrl() + "/api/session")).DELETE()
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            await().atMost(WITHIN).until(() -> !reader.isAlive()); // a signed-out session's stream ends
        } finally {
            feed.body().close();
        }
    }

    @Test
    void alarmsComeNewestFirstAPageAtATimeFilteredByRoomSeverityAndState() throws Exception {
        raiseAlarm();
        raiseAlarm(); // each raise after a clear is a new occurrence
        String viewer = signIn("tamu");

        JsonNode first = JSON.readTree(call("GET", "/api/alarms?room=room&severity=critical&limit=1", null, viewer).body());
        assertEquals(1, first.get("items").size());
        assertEquals("critical", first.at("/items/0/severity").asText());
        JsonNode second = JSON.readTree(call("GET", "/api/alarms?room=room&severity=critical&limit=1&cursor="
                + first.get("next").asText(), null, viewer).body());
        assertTrue(second.at("/items/0/id").asLong() < first.at("/items/0/id").asLong(), "newest first");
        assertEquals(0, JSON.readTree(call("GET", "/api/alarms?severity=warning", null, viewer).body()).get("items").size());
        JsonNode active = JSON.readTree(call("GET", "/api/alarms?state=active&limit=5000", null, viewer).body());
        assertTrue(active.get("next").isNull(), "everything fits one page");

        assertError(call("GET", "/api/alarms?room=nowhere", null, viewer), 400, "bad-parameter", "room");
        assertError(call("GET", "/api/alarms?severity=dire", null, viewer), 400, "bad-parameter", "severity");
        assertError(call("GET", "/api/alarms?limit=0", null, viewer), 400, "bad-parameter", "limit");
        assertError(call("GET", "/api/alarms?cursor=@@@", null, viewer), 400, "bad-parameter", "cursor");
    }

    @Test
    void aSensorsHistoryIsReadAPageAtATimeAtTheResolutionAsked() throws Exception {
        Instant from = Instant.now().minusSeconds(1);
        publish(23.0);
        publish(24.0);
        publish(25.0);
        String viewer = signIn("tamu");
        String url = "/api/sensors/inlet/history?from=" + from + "&limit=2";

        JsonNode first = await().atMost(WITHIN).until(() -> JSON.readTree(call("GET", url, null, viewer).body()),
                page -> page.get("items").size() == 2 && !page.get("next").isNull());
        assertEquals("raw", first.get("resolution").asText());
        assertEquals("C", first.get("unit").asText());
        assertEquals(23.0, first.at("/items/0/value").asDouble());
        JsonNode rest = await().atMost(WITHIN).until(() -> JSON.readTree(call("GET", url + "&cursor=" + first.get("next").asText(),
                null, viewer).body()), page -> page.get("items").size() == 1);
        assertEquals(25.0, rest.at("/items/0/value").asDouble());

        JsonNode week = JSON.readTree(call("GET", "/api/sensors/inlet/history?from=" + Instant.now().minus(Duration.ofDays(7)),
                null, viewer).body());
        assertEquals("1h", week.get("resolution").asText(), "a week is charted by the hour");
        assertError(call("GET", "/api/sensors/inlet/history?resolution=5m", null, viewer), 400, "bad-parameter", "resolution");
        assertError(call("GET", "/api/sensors/inlet/history?from=yesterday", null, viewer), 400, "bad-parameter", "from");
        assertError(call("GET", "/api/sensors/nope/history", null, viewer), 404, "not-found", null);
    }

    @Test
    void theOpenApiDescriptionIsServedWithoutASignInIsValidAndNamesEveryRouteTheRouterServesAndNoOther() throws Exception {
        HttpResponse<String> served = call("GET", "/api/openapi.yaml", null, null);
        assertEquals(200, served.statusCode());
        assertTrue(served.headers().firstValue("content-type").orElse("").startsWith("application/yaml"));

        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served.body(), null, null);
        assertEquals(List.of(), parsed.getMessages(), "valid OpenAPI 3");
        List<String> described = new java.util.ArrayList<>();
        parsed.getOpenAPI().getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            described.add(method.name() + " " + path);
            assertTrue(op.getExtensions() != null && op.getExtensions().containsKey("x-jaga-role"),
                    method + " " + path + " names the role it needs");
        }));
        assertEquals(controller.api().endpoints(), described.stream().sorted().toList());
    }

    @Test
    void everyKindOfErrorHasTheOneShape() throws Exception {
        String viewer = signIn("tamu");
        assertError(call("POST", "/api/session", "not json", null), 400, "bad-body", null);
        assertError(call("GET", "/api/doors", null, null), 401, "unauthenticated", null);
        assertError(call("GET", "/api/users", null, viewer), 403, "forbidden", null);
        assertError(call("GET", "/api/no-such-thing", null, viewer), 404, "not-found", null);
        assertError(call("DELETE", "/api/users/sari", null, signIn("sari")), 409, "conflict", null);
        assertError(call("POST", "/api/session", "{\"name\":\"" + "x".repeat(70_000) + "\"}", null), 413, "too-large", null);
        assertError(call("POST", "/api/users", "{\"name\":\"Bad Name\",\"password\":\"" + PASSWORD + "\",\"role\":\"viewer\"}",
                signIn("sari")), 400, "invalid", "name");
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String field) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(code, body.get("code").asText(), r.body());
        assertFalse(body.get("message").asText().isBlank(), r.body());
        assertEquals(field, body.has("field") ? body.get("field").asText() : null, r.body());
    }

    @Test
    void aChangeSentWithTheCookieFromAnotherSitesPageIsRefused() throws Exception {
        HttpResponse<String> signedIn = call("POST", "/api/session", "{\"name\":\"budi\",\"password\":\"" + PASSWORD + "\"}", null);
        String setCookie = signedIn.headers().firstValue("set-cookie").orElseThrow();
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(controller.apiUrl() + "/api/failover/drill"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Cookie", setCookie.substring(0, setCookie.indexOf(';')))
                .header("Origin", "https://attacker.example").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode());
        assertEquals("cross-site", JSON.readTree(refused.body()).get("code").asText());
    }

    @Test
    void prometheusScrapesWithItsTokenWhatIngestCountedAndWhatTheAgentsAndFailoverAreDoing() throws Exception {
        publish(21.0);
        agent.publish(controller.topics().agent("pi-9", "telemetry"), "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false);

        assertEquals(401, scrape(null).statusCode());
        HttpResponse<String> wrong = scrape("not-the-token");
        assertEquals(401, wrong.statusCode());
        assertEquals("unauthenticated", JSON.readTree(wrong.body()).get("code").asText());
        assertEquals(401, scrape(signIn("sari")).statusCode(), "a person's session is not the scrape token");

        await().atMost(WITHIN).untilAsserted(() -> {
            HttpResponse<String> r = scrape(SCRAPE_TOKEN);
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
            String text = r.body();
            assertTrue(value(text, "jaga_ingest_readings_total") >= 1, text);
            assertEquals(1.0, value(text, "jaga_ingest_rejected_total{reason=\"unknown-agent\"}"));
            assertTrue(value(text, "jaga_rules_evaluation_seconds_count") >= 1);
            double silence = value(text, "jaga_agent_last_seen_age_seconds{agent=\"pi-1\"}");
            assertTrue(silence >= 0 && silence < WITHIN.toSeconds(), "pi-1 was heard just now: " + silence);
            assertEquals(1.0, value(text, "jaga_agent_online{agent=\"pi-1\"}"));
            assertEquals(1.0, value(text, "jaga_failover_state{state=\"NORMAL\"}"));
            assertEquals(0.0, value(text, "jaga_failover_state{state=\"ON_DRC\"}"));
            assertEquals(0.0, value(text, "jaga_ingest_queue_depth"));
            for (String job : List.of("presence", "freshness", "reminders", "composites", "doors", "data-gaps", "retention")) {
                assertEquals(0.0, value(text, "jaga_job_failures_total{job=\"" + job + "\"}"), "each periodic job on its own");
            }
        });
    }

    private static HttpResponse<String> scrape(String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(controller.apiUrl() + "/metrics"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one series in the Prometheus text format; fails when it is missing. */
    private static double value(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).strip()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + exposition));
    }

    /** Reads server-sent events into {type, data} objects. */
    private static void collect(Stream<String> lines, BlockingQueue<JsonNode> events) {
        String[] type = {null};
        try {
            lines.forEach(line -> {
                if (line.startsWith("event: ")) {
                    type[0] = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    try {
                        events.add(JSON.createObjectNode().put("type", type[0]).set("data", JSON.readTree(line.substring(6))));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
        } catch (java.io.UncheckedIOException closed) {
            // the test closed the feed
        }
    }

    private static JsonNode nextOf(BlockingQueue<JsonNode> events, String type, java.util.function.Predicate<JsonNode> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode e = events.poll(1, TimeUnit.SECONDS);
            if (e != null && e.get("type").asText().equals(type) && wanted.test(e)) {
                return e;
            }
        }
        throw new AssertionError("no such '" + type + "' event");
    }

    /** Drives the sensor over the default 32 C critical limit and waits for the NOC to be told. */
    private static AlarmEvent raiseAlarm() throws Exception {
        alarmEvents.clear();
        publish(40.0);
        AlarmEvent raised = nextEvent(null, "raised");
        return raised;
    }

    private static void publish(double value) throws Exception {
        Instant now = Instant.now();
        agent.publish(controller.topics().agent("pi-1", "telemetry"), AgentKeysForTests.signedMessage(controller.site(), "pi-1", Wire.encode(new Telemetry(Wire.SCHEMA, "pi-1", ++seq, now,
                List.of(Reading.good("inlet", value, "C", now))))));
        // and back to normal, so each test starts from a cleared alarm
        if (value > 30) {
            Instant later = now.plusMillis(1);
            agent.publish(controller.topics().agent("pi-1", "telemetry"), AgentKeysForTests.signedMessage(controller.site(), "pi-1", Wire.encode(new Telemetry(Wire.SCHEMA, "pi-1", ++seq,
                    later, List.of(Reading.good("inlet", 22.0, "C", later))))));
        }
    }

    private static AlarmEvent nextEvent(String alarm, String change) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            AlarmEvent e = alarmEvents.poll(1, TimeUnit.SECONDS);
            if (e != null && (alarm == null || e.alarm().equals(alarm)) && e.change().equals(change)) {
                return e;
            }
        }
        throw new AssertionError("no '" + change + "' event for alarm " + alarm);
    }

    private static String signIn(String name) throws Exception {
        return signIn(name, PASSWORD);
    }

    private static String signIn(String name, String password) throws Exception {
        HttpResponse<String> r = call("POST", "/api/session", "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}", null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("token").asText();
    }

    private static HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(controller.apiUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
