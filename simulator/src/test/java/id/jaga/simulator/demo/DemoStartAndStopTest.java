package id.jaga.simulator.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import id.jaga.simulator.ApiClient;
import id.jaga.simulator.JagaMain;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jaga demo} as a user runs it: its own process, started on the demo's site file (on free
 * ports), driven through its prompt. It starts quietly (no agent goes "offline" while the demo comes
 * up, neither the first time nor after a restart), serves the console's icon, takes an edit of the
 * site file's access section without calling it a change elsewhere, and stops cleanly on {@code quit}
 * (no ERROR in its log, no agent reported offline by its own stop).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoStartAndStopTest {
    private static final Duration WITHIN = Duration.ofSeconds(90);
    /** The demo's agents' offlineAfter (6 s) and a check period more. */
    private static final Duration GRACE = Duration.ofSeconds(9);
    /** The demo's output, kept after the test to read. */
    private static final Path LOGS = Path.of("target/demo-start-stop");

    @TempDir
    static Path dir;
    static Path site;
    static int httpPort;
    static final List<Process> processes = new ArrayList<>();
    static Process demo;
    static Path log;
    static final ApiClient api = new ApiClient(() -> "http://127.0.0.1:" + httpPort);

    @BeforeAll
    static void start() throws Exception {
        httpPort = freePort();
        String yaml = Files.readString(Path.of("../config/examples/demo.yaml"))
                .replace("1884", String.valueOf(freePort()))
                .replace("port: 8080", "port: " + httpPort)
                .replace("port: 4840", "port: " + freePort());
        site = Files.writeString(dir.resolve("demo.yaml"), yaml);
        demo = startDemo("first.log");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor();
        }
    }

    /** The demo in its own JVM, in {@code dir} (its H2 URL and data folder are relative), until its agents are online. */
    static Process startDemo(String logName) throws Exception {
        Files.createDirectories(LOGS);
        log = LOGS.resolve(logName).toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), JagaMain.class.getName(),
                "demo", "--site", site.toString(), "--data-dir", "data")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        await().atMost(WITHIN).until(() -> logged().contains("agent pi-row-1 is online") && logged().contains("agent pi-row-2 is online"));
        await().atMost(WITHIN).until(() -> logged().contains("Jaga demo: site 'demo'"));
        return p;
    }

    static String logged() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    static List<String> offlineAlarms() throws Exception {
        JsonNode items = api.get("/api/alarms?state=all", api.login("demo-viewer", DemoCommand.DEMO_PASSWORD)).get("items");
        List<String> offline = new ArrayList<>();
        items.forEach(a -> {
            if (a.get("type").asText().equals("agent-offline")) {
                offline.add(a.toString());
            }
        });
        return offline;
    }

    static void type(String line) throws IOException {
        OutputStream in = demo.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Quits at the prompt; returns the log of the whole run. */
    static String quit() throws Exception {
        type("quit");
        assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "the demo stops on quit");
        return logged();
    }

    @Test
    @Order(1)
    void itStartsWithoutReportingItsOwnAgentsOffline() throws Exception {
        quietFor(GRACE); // long enough for a timeout counted from the controller's start to have fired
        assertEquals(List.of(), offlineAlarms());
    }

    @Test
    @Order(2)
    void theConsoleHasAnIcon() throws Exception {
        HttpResponse<String> icon = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + httpPort + "/favicon.ico")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, icon.statusCode());
    }

    @Test
    @Order(3)
    void anEditOfTheAccessSectionAloneIsInForceWithoutAWarning() throws Exception {
        Files.writeString(site, Files.readString(site).replace("  people:\n",
                "  people:\n    - {id: nina, name: Nina Kusuma, role: engineer, badges: [\"3003\"]}\n"));
        await().atMost(WITHIN).until(() -> logged().contains("reloaded: access rules in force"));
        assertFalse(logged().contains("changed outside its access section"), logged());
    }

    @Test
    @Order(4)
    void quitStopsCleanly() throws Exception {
        String run = quit();
        assertFalse(run.contains(" ERROR "), run);
    }

    /** Its agents' farewells at the last stop are left on the broker; the next start does not take them for failures. */
    @Test
    @Order(5)
    void aRestartIsQuietAndStopsCleanlyToo() throws Exception {
        demo = startDemo("second.log");
        quietFor(GRACE);
        assertEquals(List.of(), offlineAlarms(), "neither raised by the last stop nor by this start");
        String run = quit();
        assertFalse(run.contains(" ERROR "), run);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** No agent-offline alarm appears for the whole of {@code span}. */
    private void quietFor(Duration span) {
        await().during(span).atMost(span.plus(WITHIN)).pollInterval(Duration.ofMillis(500)).until(() -> offlineAlarms().isEmpty());
    }

}
