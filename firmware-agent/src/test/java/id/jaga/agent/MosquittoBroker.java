package id.jaga.agent;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real Mosquitto broker process on a free loopback port, for one test class. {@link #builder}
 * adds a TLS listener, with a password file or required client certificates.
 */
final class MosquittoBroker implements AutoCloseable {
    private final Process process;
    private final int port;
    private final int tlsPort;
    private final Path log;

    private MosquittoBroker(Process process, int port, int tlsPort, Path log) {
        this.process = process;
        this.port = port;
        this.tlsPort = tlsPort;
        this.log = log;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A broker with one plain listener that accepts anonymous clients. */
    static MosquittoBroker start(Path dir, int port) throws IOException {
        return builder(dir, port).start();
    }

    /** A broker with one plain anonymous listener on {@code port}, and what the builder adds. */
    static Builder builder(Path dir, int port) {
        return new Builder(dir, port);
    }

    /** Writes a password file with {@code mosquitto_passwd}, as an operator would. */
    static void passwordFile(Path file, String user, String password) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary("mosquitto_passwd").toString(), "-c", "-b", file.toString(), user, password)
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("mosquitto_passwd failed: " + output);
        }
    }

    private static Path binary(String name) {
        return Stream.of(System.getenv("PATH").split(":"), new String[] {"/usr/sbin", "/usr/local/sbin", "/usr/bin"})
                .flatMap(Stream::of).map(p -> Path.of(p, name)).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        name + " is not installed: './jaga test' installs it (Debian package mosquitto)"));
    }

    private boolean accepts() {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": " + log());
        }
        return accepts(port) && (tlsPort == 0 || accepts(tlsPort));
    }

    private static boolean accepts(int port) {
        try {
            new Socket("127.0.0.1", port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The TLS listener; 127.0.0.1, so the broker's certificate must name that address. */
    String tlsUri() {
        return "ssl://127.0.0.1:" + tlsPort;
    }

    /** What the broker logged so far: why it refused a client, for a failing test's message. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the broker and waits until it has exited. */
    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final class Builder {
        private final Path dir;
        private final int port;
        private final StringBuilder tls = new StringBuilder();
        private int tlsPort;
        private boolean authenticated;

        private Builder(Path dir, int port) {
            this.dir = dir;
            this.port = port;
        }

        /** A TLS listener with the broker's certificate and key; client certificates are checked against caFile. */
        Builder tls(int tlsPort, Path caFile, Path certFile, Path keyFile) {
            this.tlsPort = tlsPort;
            tls.append("cafile ").append(caFile).append("\ncertfile ").append(certFile)
                    .append("\nkeyfile ").append(keyFile).append('\n');
            return this;
        }

        /** The TLS listener requires a user name and the password from this mosquitto_passwd file. */
        Builder passwordFile(Path file) {
            authenticated = true;
            tls.append("password_file ").append(file).append('\n');
            return this;
        }

        /** The TLS listener requires a client certificate signed by its caFile; the certificate's CN is the user name. */
        Builder requireCertificate() {
            authenticated = true;
            tls.append("require_certificate true\nuse_identity_as_username true\n");
            return this;
        }

        MosquittoBroker start() throws IOException {
            Path mosquitto = binary("mosquitto");
            String plain = "listener " + port + " 127.0.0.1\nallow_anonymous true\n";
            String conf = tlsPort == 0 ? plain + "persistence false\n"
                    // Settings per listener, so the plain one stays open to a test's watcher. As root,
                    // mosquitto would switch to the 'mosquitto' user and could not read the test's
                    // files; as anyone else 'user' is ignored.
                    : "per_listener_settings true\npersistence false\nuser " + System.getProperty("user.name") + "\n"
                    + plain + "listener " + tlsPort + " 127.0.0.1\nallow_anonymous " + !authenticated + "\n" + tls;
            Path file = dir.resolve("mosquitto.conf");
            Files.writeString(file, conf);
            Path log = dir.resolve("mosquitto.log");
            Process process = new ProcessBuilder(mosquitto.toString(), "-c", file.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            MosquittoBroker broker = new MosquittoBroker(process, port, tlsPort, log);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(broker::accepts);
            return broker;
        }
    }
}
