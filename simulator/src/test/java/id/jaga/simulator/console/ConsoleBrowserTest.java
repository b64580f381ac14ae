package id.jaga.simulator.console;

import id.jaga.sensors.auth.AgentKeys;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import id.jaga.simulator.SimulatorDrivers;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.controller.Controller;
import id.jaga.controller.auth.Role;
import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.simulator.ApiClient;
import id.jaga.simulator.SimulatedSite;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real headless Chromium (Debian's chromium, driven by playwright-core from
 * src/test/browser) against a running controller and a simulated site whose agents run the real
 * agent code: an operator watches a rack turn red as it heats, acknowledges the alarm with a
 * comment, switches to Bahasa Indonesia, and the page is checked at a phone's size; a viewer gets
 * no buttons. Chromium and Node are required: without them the test fails and says how to install them.
 */
class ConsoleBrowserTest {
    private static final Path SCRIPTS = Path.of("src/test/browser");
    private static final Path WORK = Path.of("target/console-browser");
    private static final String CHROMIUM = System.getenv().getOrDefault("JAGA_CHROMIUM", "/usr/bin/chromium");
    private static final String PASSWORD = "console-test-password";
    private static final String COMMENT = "CRAC-2 restarted, door to the cold aisle closed";

    @TempDir
    static Path tmp;
    static EmbeddedBroker broker;
    static Controller controller;
    static SimulatedSite site;
    static Process browser;
    static final ApiClient api = new ApiClient(() -> controller.apiUrl());

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isExecutable(Path.of(CHROMIUM)), "the console's browser test needs Chromium at " + CHROMIUM
                + " (Debian: apt-get install chromium; ./jaga test installs it)");
        assertTrue(run(Path.of("."), "node", "--version").startsWith("v"), "the console's browser test needs Node.js and npm");
        installScript();

        broker = EmbeddedBroker.start("127.0.0.1", freePort(), tmp.resolve("broker"));
        Path file = tmp.resolve("site.yaml");
        Files.writeString(file, """
                site: {id: console-test, name: Pusat Data Uji, timezone: Asia/Makassar}
                broker: {uris: ["%s"]}
                storage: {url: "jdbc:h2:file:%s"}
                controller: {http: {host: 127.0.0.1, port: 0}}
                rooms:
                  - id: server-room
                    name: Ruang Server
                    widthM: 4
                    depthM: 3
                    sensors:
                      - {id: smoke-1, kind: smoke, agent: pi-a, pollInterval: 1s, driver: {type: simulated, nominal: 0}}
                      - {id: ups-status, kind: ups-status, agent: pi-a, pollInterval: 1s, driver: {type: simulated, text: OL CHRG}}
                      - {id: ups-charge, kind: battery-charge, agent: pi-a, pollInterval: 1s, driver: {type: simulated, nominal: 100}}
                agents: [{id: pi-a, room: server-room, publishInterval: 1s}]
                racks:
                  - id: rack-1
                    room: server-room
                    sensors:
                      - {id: rack-1-inlet, kind: temperature, agent: pi-a, pollInterval: 1s, driver: {type: simulated, nominal: 22}}
                      - {id: rack-1-power, kind: power, agent: pi-a, pollInterval: 1s, driver: {type: simulated, nominal: 2100}}
                  - id: rack-2
                    room: server-room
                    sensors:
                      - {id: rack-2-inlet, kind: temperature, agent: pi-a, pollInterval: 1s, driver: {type: simulated, nominal: 23}}
                      - {id: rack-2-humidity, kind: humidity, agent: pi-a, pollInterval: 1s, driver: {type: simulated, nominal: 45}}
                """.formatted(broker.uri(), tmp.resolve("db/jaga").toAbsolutePath()));
        SiteConfig config = new SiteLoader(List.of(SimulatorDrivers.of(new SimulatedInputs()).siteCheck())).load(file);
        config = AgentKeys.provision(config, tmp.resolve("keys"));
        controller = Controller.start(config, tmp.resolve("controller"), Clock.systemUTC());
        controller.accounts().create("budi", PASSWORD, Role.OPERATOR);
        controller.accounts().create("tamu", PASSWORD, Role.VIEWER);
        site = new SimulatedSite(config, tmp.resolve("agents"), Clock.systemUTC()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/sensors", api.login("tamu", PASSWORD)).findValues("current")
                .stream().filter(JsonNode::asBoolean).count() == 7);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.destroyForcibly();
        }
        if (site != null) {
            site.close();
        }
        if (controller != null) {
            controller.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hung browser ends the test
    void anOperatorSeesARackTurnRedAcknowledgesItInBahasaIndonesiaToo() throws Exception {
        Path shots = WORK.resolve("screenshots");
        ProcessBuilder pb = new ProcessBuilder("node", "console.mjs").directory(WORK.toFile()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("JAGA_URL", controller.apiUrl() + "/", "JAGA_OPERATOR", "budi",
                "JAGA_VIEWER", "tamu", "JAGA_PASSWORD", PASSWORD, "JAGA_RACK", "rack-2", "JAGA_SENSOR", "rack-2-inlet",
                "JAGA_COMMENT", COMMENT, "JAGA_SCREENSHOTS", shots.toAbsolutePath().toString(), "JAGA_CHROMIUM", CHROMIUM));
        browser = pb.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.equals("HEAT rack-2-inlet")) {
                    site.inputs().set("rack-2-inlet", 36.0); // above the ASHRAE A1 allowable 32 C: CRITICAL
                }
            }
        }
        if (!browser.waitFor(1, TimeUnit.MINUTES)) {
            browser.destroyForcibly();
            fail("the browser script did not end:\n" + output);
        }
        assertEquals(0, browser.exitValue(), "the browser script failed:\n" + output);
        for (String seen : List.of("RED rack-2", "ACKNOWLEDGED rack-2-inlet", "CHART rack-2-inlet", "GREEN live PUE", "LANGUAGE id: Denah, Ruangan",
                "PHONE ok", "VIEWER no-acknowledge", "DONE")) {
            assertTrue(output.toString().contains(seen), "expected '" + seen + "' in:\n" + output);
        }
        for (String png : List.of("console-floor.png", "console-rack.png", "console-alarms-id.png", "console-phone.png")) {
            assertTrue(Files.size(shots.resolve(png)) > 1000, png + " is empty");
        }

        JsonNode alarm = null;
        for (JsonNode a : api.get("/api/alarms?state=active", api.login("tamu", PASSWORD)).get("items")) {
            if (a.get("source").asText().equals("rack-2-inlet")) {
                alarm = a;
            }
        }
        assertTrue(alarm != null, "the alarm is still active");
        assertEquals("critical", alarm.get("severity").asText());
        assertEquals("budi", alarm.get("acknowledgement").get("by").asText());
        assertEquals(COMMENT, alarm.get("acknowledgement").get("comment").asText());
    }

    /** The script and its locked dependencies under target/, installed with npm ci (from npm's cache when it has them). */
    private static void installScript() throws IOException, InterruptedException {
        Path shots = WORK.resolve("screenshots");
        if (Files.isDirectory(shots)) {
            try (var old = Files.list(shots)) { // no screenshot of an earlier run passes for this one's
                for (Path png : old.toList()) {
                    Files.delete(png);
                }
            }
        }
        Files.createDirectories(WORK);
        for (String name : List.of("package.json", "package-lock.json", "console.mjs")) {
            Files.copy(SCRIPTS.resolve(name), WORK.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        run(WORK, "npm", "ci", "--no-audit", "--no-fund", "--prefer-offline");
    }

    /** Runs a command to its end; its output, or a failure with it. */
    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + " (the console's browser test needs Node.js and npm): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
