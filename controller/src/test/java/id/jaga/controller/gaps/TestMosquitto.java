package id.jaga.controller.gaps;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real Mosquitto process on a free loopback port with persistence in a folder of its own, that a
 * test can stop and start again on the same port and persistence file, as a broker restart does.
 */
final class TestMosquitto implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private final Path dir;
    private final int port;
    private final Path config;
    private Process process;

    private TestMosquitto(Path dir, int port, Path config) {
        this.dir = dir;
        this.port = port;
        this.config = config;
    }

    /** Persistence on; {@code maxQueued}: messages kept for each offline client (0: no limit). */
    static TestMosquitto start(Path dir, int maxQueued) throws IOException {
        Files.createDirectories(dir);
        int port = freePort();
        // As root mosquitto would switch to the 'mosquitto' user, who cannot write the test's folder.
        Path config = Files.writeString(dir.resolve("mosquitto.conf"), """
                listener %d 127.0.0.1
                allow_anonymous true
                user %s
                persistence true
                persistence_location %s/
                max_queued_messages %d
                max_topic_alias 0
                log_dest file %s
                log_type error
                log_type warning
                log_type notice
                """.formatted(port, System.getProperty("user.name"), dir.toAbsolutePath(), maxQueued,
                dir.resolve("mosquitto.log").toAbsolutePath()));
        TestMosquitto broker = new TestMosquitto(dir, port, config);
        broker.start();
        return broker;
    }

    /** Starts the broker again on the same port and persistence file. */
    void start() throws IOException {
        process = new ProcessBuilder(BINARY.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::accepts);
    }

    /** Stops the broker as a service restart does (SIGTERM: it saves its persistence file) and waits until it has gone. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("mosquitto did not stop on SIGTERM");
        }
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    private boolean accepts() {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited with " + process.exitValue() + "; see " + dir.resolve("mosquitto.out"));
        }
        try {
            new Socket("127.0.0.1", port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (running()) {
            stop();
        }
    }
}
