package id.jaga.controller.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import id.jaga.config.Broker;
import id.jaga.config.DrcAction;
import id.jaga.sensors.mqtt.MqttLink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps of a failover as they meet the world: real child processes (a DNS or GSLB tool that
 * writes a lot) and a real HTTP endpoint in the test that parses what it is sent.
 */
class ActionRunnerTest {
    /** A trigger that holds everything that breaks a body: quotes, a backslash, a newline, form separators, a placeholder. */
    private static final String NASTY = "fire \"confirmed\" in \\server-room\\\n& smoke=yes ${env:HOME} {{drc}}";

    @TempDir
    Path dir;
    private HttpServer server;
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final Map<String, String> types = new ConcurrentHashMap<>();
    private final ActionRunner runner = new ActionRunner(
            new MqttLink(new Broker(List.of("tcp://127.0.0.1:1"), null, null, null, null), "unused", null));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.put(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery(), body);
            types.put(exchange.getRequestURI().getPath(), String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            int status = 204;
            if (exchange.getRequestURI().getPath().startsWith("/json")) {
                try {
                    new ObjectMapper().readTree(body); // what a GSLB's API does first
                } catch (IOException e) {
                    status = 400;
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static ActionRunner.Context context(String trigger) {
        return new ActionRunner.Context("dc", "drc-a", trigger, "key-1", false);
    }

    private static DrcAction command(Duration timeout, String... run) {
        return new DrcAction(null, new DrcAction.Command(List.of(run), timeout), null);
    }

    private Path script(String name, String text) throws IOException {
        Path file = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    @Test
    void aCommandThatWritesAMegabyteFinishesWellWithinItsTimeoutAndItsOutputIsKeptBounded() throws Exception {
        Path chatty = script("gslb-tool.sh", """
                #!/bin/sh
                echo "switching {$1} to $2"
                head -c 1048576 /dev/zero | tr '\\0' 'x'
                echo
                echo "done: $2 is active"
                """);
        long t0 = System.nanoTime();
        String output = runner.run(command(Duration.ofSeconds(20), chatty.toString(), "gslb", "{{drc}}"), context("fire"));
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertTrue(ms < 10_000, "a full pipe used to hold the tool until its timeout; took " + ms + " ms");
        assertTrue(output.startsWith("switching {gslb} to drc-a\n"), "the first KiB kept: " + output.substring(0, 40));
        assertTrue(output.strip().endsWith("done: drc-a is active"), "the last KiB kept");
        assertTrue(output.length() <= 2 * ActionRunner.Output.KEEP_EACH + 100, "bounded: " + output.length() + " characters");
        assertTrue(output.contains(" bytes left out ...]"), "the cut is said");
    }

    @Test
    void aChattyCommandThatFailsSaysItsLastLineAndOverrunningItsTimeoutIsStopped() throws Exception {
        Path failing = script("dns-tool.sh", """
                #!/bin/sh
                head -c 1048576 /dev/zero | tr '\\0' 'y'
                echo
                echo "zone update refused for $1" >&2
                exit 3
                """);
        ActionRunner.StepFailedException failed = assertThrows(ActionRunner.StepFailedException.class,
                () -> runner.run(command(Duration.ofSeconds(20), failing.toString(), "{{drc}}"), context("fire")));
        assertEquals(failing + " exited with 3: zone update refused for drc-a", failed.getMessage());
        assertTrue(failed.output().length() <= 2 * ActionRunner.Output.KEEP_EACH + 100);

        Path hanging = script("hangs.sh", """
                #!/bin/sh
                echo "waiting for the hypervisor"
                sleep 60
                """);
        long t0 = System.nanoTime();
        ActionRunner.StepFailedException timedOut = assertThrows(ActionRunner.StepFailedException.class,
                () -> runner.run(command(Duration.ofSeconds(1), hanging.toString()), context("fire")));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "stopped at its timeout with its child, not after it");
        assertTrue(timedOut.getMessage().endsWith("did not finish within 1 s"), timedOut.getMessage());
        assertTrue(timedOut.output().contains("waiting for the hypervisor"), "what it said before it hung is kept");
    }

    @Test
    void aValueWithQuotesArrivesIntactInAJsonBodyAndSecretsWithQuotesToo() throws Exception {
        Path token = Files.writeString(dir.resolve("gslb.secret"), "s3cr\"et\\value\n");
        DrcAction step = new DrcAction(new DrcAction.Http("POST", base() + "/json/{{drc}}?why={{trigger}}", Map.of(),
                "{\"to\": \"{{drc}}\", \"why\": \"{{trigger}}\", \"token\": \"${file:" + token + "}\", \"key\": \"{{key}}\"}",
                null, 0, Duration.ofSeconds(10)), null, null);

        runner.run(step, context(NASTY));

        String sent = bodies.keySet().stream().filter(k -> k.startsWith("/json/")).findFirst().orElseThrow();
        JsonNode body = new ObjectMapper().readTree(bodies.get(sent));
        assertEquals(NASTY, body.get("why").asText(), "the value as it was, not a broken or extended body");
        assertEquals("drc-a", body.get("to").asText());
        assertEquals("s3cr\"et\\value", body.get("token").asText());
        assertEquals("key-1", body.get("key").asText());
        assertEquals(4, body.size(), "nothing injected");
        assertEquals("application/json", types.get("/json/drc-a"));
        assertEquals(NASTY, URLDecoder.decode(sent.substring(sent.indexOf("?why=") + 5), StandardCharsets.UTF_8),
                "in the URL the value is percent-encoded");
    }

    @Test
    void aFormBodyIsUrlEncodedAndAPlainTextBodyAndACommandsArgumentsGoAsTheyAre() throws Exception {
        runner.run(new DrcAction(new DrcAction.Http("POST", base() + "/form", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "to={{drc}}&why={{trigger}}", null, 0, Duration.ofSeconds(10)), null, null), context(NASTY));
        Map<String, String> form = new HashMap<>();
        for (String pair : bodies.get("/form?null").split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertEquals(Map.of("to", "drc-a", "why", NASTY), form);

        runner.run(new DrcAction(new DrcAction.Http("POST", base() + "/text", Map.of("Content-Type", "text/plain"),
                "why: {{trigger}}", null, 0, Duration.ofSeconds(10)), null, null), context(NASTY));
        assertEquals("why: " + NASTY, bodies.get("/text?null"));
        assertEquals("text/plain", types.get("/text"), "one Content-Type, the configured one");

        // No shell: a value with quotes, ';' and '$(...)' is one argument, and nothing in it runs.
        String sneaky = "x\"; touch " + dir.resolve("pwned") + "; echo \"$(id)";
        String output = runner.run(command(Duration.ofSeconds(20), "printf", "[%s]", "{{trigger}}"), context(sneaky));
        assertEquals("[" + sneaky + "]", output);
        assertFalse(Files.exists(dir.resolve("pwned")));
    }

    @Test
    void payloadsTellJsonFromText() {
        assertTrue(ActionRunner.isJson("{\"tenant\": \"{{site}}\", \"requestId\": \"{{key}}\"}"));
        assertFalse(ActionRunner.isJson("switch {{drc}} now"));
        ActionRunner.Filler filler = new ActionRunner.Filler(context("a \"b\""));
        assertEquals("{\"why\": \"a \\\"b\\\"\"}", filler.fill("{\"why\": \"{{trigger}}\"}", ActionRunner.Escape.JSON));
        assertThrows(IllegalArgumentException.class, () -> new ActionRunner.Filler(context("a/#")).fill("pdn/{{trigger}}",
                ActionRunner.Escape.TOPIC), "a value may not add a topic level or a wildcard");
    }

    @Test
    void aSecretACommandEchoesIsBlankedOutOfItsOutput() throws Exception {
        Path token = Files.writeString(dir.resolve("hv.secret"), "hypervisor-token-123\n");
        String output = runner.run(command(Duration.ofSeconds(20), "echo", "--token", "${file:" + token + "}"), context("fire"));
        assertEquals("--token ***", output.strip());
    }
}
