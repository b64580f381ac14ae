package id.jaga.controller.opcua;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * node-opcua (an OPC UA client nobody on this project wrote) running {@code src/test/opcua-client/client.js}:
 * one JSON command a line on its stdin, JSON lines back. Its npm packages are installed once with
 * {@code npm ci} into {@code target/opcua-client}; later runs reuse them, offline.
 */
final class NodeOpcUaClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SOURCE = Path.of("src/test/opcua-client");
    private static final Path INSTALLED = Path.of("target/opcua-client");
    private static final Duration REPLY_WITHIN = Duration.ofSeconds(60);

    private final Process process;
    private final Writer in;
    private final Path log;
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> changes = new LinkedBlockingQueue<>();

    private NodeOpcUaClient(Process process, Path log) {
        this.process = process;
        this.in = process.outputWriter(StandardCharsets.UTF_8);
        this.log = log;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (!line.startsWith("{")) {
                        continue; // the library's own chatter
                    }
                    JsonNode node = JSON.readTree(line);
                    (node.path("event").asText().equals("change") ? changes : replies).add(node);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "node-opcua-client-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the client with its own certificate folder; fails the test clearly when Node.js or npm is missing. */
    static NodeOpcUaClient start(Path pki) throws Exception {
        Path dir = install();
        Path log = dir.resolve("client.log");
        ProcessBuilder pb = new ProcessBuilder("node", "client.js").directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().put("PKI_DIR", pki.toAbsolutePath().toString());
        NodeOpcUaClient client = new NodeOpcUaClient(pb.start(), log);
        client.await("ready");
        return client;
    }

    private static Path install() throws Exception {
        String node = run(List.of("node", "--version"), Path.of("."), Duration.ofSeconds(30));
        if (node == null) {
            fail("Node.js is needed for the OPC UA interoperability test (node-opcua-client) and was not found on the PATH."
                    + " Install Node.js 20 and npm (Debian: apt-get install nodejs npm; ./jaga test does it when run as root).");
        }
        Files.createDirectories(INSTALLED);
        for (String file : List.of("package.json", "package-lock.json", "client.js")) {
            Files.copy(SOURCE.resolve(file), INSTALLED.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        // The lock file the installed packages came from: the same one means nothing to download.
        Path installedFrom = INSTALLED.resolve("node_modules/.installed-from-lock.json");
        String lock = Files.readString(SOURCE.resolve("package-lock.json"));
        if (Files.exists(installedFrom) && Files.readString(installedFrom).equals(lock)) {
            return INSTALLED;
        }
        String out = run(List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"), INSTALLED, Duration.ofMinutes(5));
        if (out == null || !Files.isDirectory(INSTALLED.resolve("node_modules/node-opcua-client"))) {
            fail("npm ci of node-opcua-client into " + INSTALLED.toAbsolutePath() + " failed (is npm installed, and the npm"
                    + " registry or its cache in ~/.npm reachable?):\n" + out);
        }
        Files.writeString(installedFrom, lock);
        return INSTALLED;
    }

    /** The command's output, or null if it could not be started or failed. */
    private static String run(List<String> command, Path dir, Duration within) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return null;
        }
        String text = new String(out, StandardCharsets.UTF_8);
        return p.exitValue() == 0 ? text : command + " exited with " + p.exitValue() + ":\n" + text;
    }

    /** Sends a command and returns its reply line. */
    JsonNode call(Map<String, Object> command) throws Exception {
        in.write(JSON.writeValueAsString(command) + "\n");
        in.flush();
        return await(String.valueOf(command.get("cmd")));
    }

    private JsonNode await(String what) throws Exception {
        long deadline = System.nanoTime() + REPLY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode reply = replies.poll(200, TimeUnit.MILLISECONDS);
            if (reply != null && (what.equals(reply.path("cmd").asText()) || what.equals(reply.path("event").asText()))) {
                return reply;
            }
            if (!process.isAlive() && replies.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("no '" + what + "' from the node-opcua client; its log:\n" + Files.readString(log));
    }

    /** The next data change a subscription reported, or null if none came within {@code within}. */
    JsonNode nextChange(Duration within) throws InterruptedException {
        return changes.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        in.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
