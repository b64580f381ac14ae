package id.jaga.sensors.driver.nut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A real upsd (Debian nut-server 2.8.0) with the dummy-ups driver, in a temporary folder on a free
 * loopback port, for one test class. The UPS is {@code dummy}; what it reports is the {@code .dev}
 * file that {@link #writeDev} rewrites. Debian's {@code /sbin/upsd} wrapper only reads /etc/nut,
 * so the daemons under /lib/nut are run directly with NUT_CONFPATH, NUT_STATEPATH and
 * NUT_ALTPIDPATH pointing here, in the foreground (-F) so that this class owns their processes.
 * Public, in the test jar, for other modules' tests (the controller's UPS communication alarm).
 */
public final class NutServer implements AutoCloseable {
    public static final String UPS = "dummy";
    static final String USER = "monitor";
    /** Has a space and a quote, so the client's quoting of PASSWORD is exercised too. */
    static final String PASSWORD = "correct \"horse\" battery";
    /** upsd's MAXAGE: a driver silent this long makes upsd answer ERR DATA-STALE (default 15 s). */
    static final Duration MAX_AGE = Duration.ofSeconds(4);
    private static final Path UPSD = Path.of("/lib/nut/upsd");
    private static final Path DUMMY_UPS = Path.of("/lib/nut/dummy-ups");
    private static final Duration START = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private Process upsd;
    private Process driver;
    private boolean frozen;
    private long devWrites;

    private NutServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Writes the configuration and the .dev file, starts driver and upsd, and returns once upsd listens. */
    public static NutServer start(Path dir, Map<String, String> dev) throws IOException {
        for (Path binary : List.of(UPSD, DUMMY_UPS)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: upsd and dummy-ups are not installed; "
                        + "'./jaga test' installs them (Debian package nut-server)");
            }
        }
        NutServer server = new NutServer(dir, freePort());
        server.writeConfig();
        server.writeDev(dev);
        server.startDriver();
        server.startUpsd();
        return server;
    }

    public int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    private void writeConfig() throws IOException {
        // pollinterval 1: dummy-ups looks at its .dev file every second (default 2).
        secret("ups.conf", "[" + UPS + "]\n  driver = dummy-ups\n  port = dummy.dev\n  pollinterval = 1\n  desc = \"Jaga test UPS\"\n");
        secret("upsd.conf", "LISTEN 127.0.0.1 " + port + "\nMAXAGE " + MAX_AGE.toSeconds() + "\n");
        // LOGIN is only granted to users with an upsmon role; 'viewer' has none.
        secret("upsd.users", "[" + USER + "]\n  password = \"" + PASSWORD.replace("\"", "\\\"") + "\"\n  upsmon primary\n"
                + "[viewer]\n  password = viewer\n");
        secret("nut.conf", "MODE=standalone\n");
        secret("password.txt", PASSWORD + "\n");
    }

    /** Config files hold passwords: owner only (upsd warns about world-readable ones). */
    private void secret(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** The file holding {@link #PASSWORD}, for a sensor's passwordFile. */
    Path passwordFile() {
        return dir.resolve("password.txt");
    }

    /**
     * Replaces what the UPS reports. dummy-ups re-reads its file when the file's mtime, in whole
     * seconds, changes; two writes within one second would look unchanged, so each write gets its
     * own made-up mtime. The file is rewritten in place (same inode), as the driver may keep it open.
     */
    public void writeDev(Map<String, String> vars) {
        String text = vars.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue() + "\n").collect(Collectors.joining());
        Path dev = dir.resolve("dummy.dev");
        try {
            Files.writeString(dev, text);
            Files.setLastModifiedTime(dev, FileTime.from(Instant.ofEpochSecond(1_000_000_000L + ++devWrites)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Vars in the order given, for {@link #writeDev}. */
    public static Map<String, String> vars(String... keysAndValues) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            vars.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return vars;
    }

    void startDriver() throws IOException {
        Path socket = dir.resolve("dummy-ups-" + UPS);
        Files.deleteIfExists(socket); // a leftover would look like a ready driver
        driver = launch("dummy-ups", DUMMY_UPS, "-a", UPS);
        await("dummy-ups", driver, () -> Files.exists(socket));
    }

    void stopDriver() throws InterruptedException {
        thawDriver();
        stop(driver);
    }

    /** Keeps the driver running but silent (SIGSTOP): after MAXAGE upsd answers ERR DATA-STALE. */
    void freezeDriver() throws IOException, InterruptedException {
        signal("STOP");
        frozen = true;
    }

    void thawDriver() throws InterruptedException {
        if (frozen) {
            try {
                signal("CONT");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            frozen = false;
        }
    }

    public void startUpsd() throws IOException {
        upsd = launch("upsd", UPSD);
        await("upsd", upsd, this::accepts);
    }

    public void stopUpsd() throws InterruptedException {
        stop(upsd);
    }

    @Override
    public void close() {
        try {
            stopUpsd();
            stopDriver();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Process launch(String name, Path binary, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-F"));
        command.addAll(List.of(args));
        if ("root".equals(System.getProperty("user.name"))) {
            // Started as root, NUT daemons switch to the user 'nut', which cannot enter this
            // folder (a JUnit temp dir, mode 700) nor read its files. Staying root is harmless for
            // a test on loopback and spares chown-ing everything to root:nut. Run as any other
            // user, NUT cannot switch user and simply runs as that user: no flag needed.
            command.addAll(List.of("-u", "root"));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
        builder.environment().put("NUT_CONFPATH", dir.toString());
        builder.environment().put("NUT_STATEPATH", dir.toString());
        builder.environment().put("NUT_ALTPIDPATH", dir.toString());
        return builder.start();
    }

    private void await(String name, Process process, java.util.concurrent.Callable<Boolean> ready) {
        Awaitility.await(name + " ready").atMost(START).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + log(name));
            }
            return ready.call();
        });
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(driver.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + driver.pid() + " failed");
        }
    }

    private static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
