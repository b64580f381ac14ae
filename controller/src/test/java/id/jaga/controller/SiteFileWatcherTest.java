package id.jaga.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.SiteLoader;
import id.jaga.controller.broker.EmbeddedBroker;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site file watcher tells an edit of the access section alone from one elsewhere, also when the
 * controller runs a site its starter added to: the demo gives each agent its message and command keys,
 * which the file does not name (the demo warned "changed outside its access section" at every edit).
 */
class SiteFileWatcherTest {
    private static final String SITE = """
            site: {id: dc, name: Pusat Data}
            broker: {uris: ["%s"]}
            storage: {url: "jdbc:h2:file:%s"}
            controller: {http: {host: 127.0.0.1, port: 0}}
            rooms:
              - id: server-room
                sensors:
                  - {id: door-main, kind: door, agent: pi-1, driver: {type: simulated}}
            agents:
              - {id: pi-1, room: server-room, outputs: [{id: lock-main, kind: lock, driver: {type: simulated}}],
                 readers: [{id: reader-main, driver: {type: simulated}}]}
            access:
              doors:
                - {id: main-door, room: server-room, agent: pi-1, contact: door-main, lock: lock-main, reader: reader-main}
              people:
                - {id: dewi, name: Dewi Lestari, role: engineer, badges: ["1001"]}
              rules:
                - {id: engineers, roles: [engineer], doors: [main-door], schedule: always}
            """;
    private static final String WARNING = "changed outside its access section";

    @TempDir
    Path tmp;
    private EmbeddedBroker broker;
    private Controller controller;
    private SiteFileWatcher watcher;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream stderr;
    private Path file;

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedBroker.onFreePort(tmp.resolve("broker"));
        file = Files.writeString(tmp.resolve("site.yaml"), SITE.formatted(broker.uri(), tmp.resolve("db/jaga").toAbsolutePath()));
        stderr = System.err;
        System.setErr(new PrintStream(new Tee(stderr, log), true, StandardCharsets.UTF_8));
        SiteLoader loader = new SiteLoader();
        controller = Controller.start(AgentKeysForTests.withKeys(loader.load(file)), tmp.resolve("data"), Clock.systemUTC());
        watcher = new SiteFileWatcher(file, controller, loader, Duration.ofMillis(100));
    }

    @AfterEach
    void stop() {
        watcher.close();
        controller.close();
        broker.close();
        System.setErr(stderr);
    }

    private String logged() {
        return log.toString(StandardCharsets.UTF_8);
    }

    private void edit(String from, String to) throws Exception {
        String before = Files.readString(file);
        assertTrue(before.contains(from), from);
        int reloads = count(logged(), "reloaded: access rules in force");
        Files.writeString(file, before.replace(from, to));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(logged(), "reloaded: access rules in force") > reloads);
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    @Test
    void anEditOfTheAccessSectionAloneIsNotCalledAChangeElsewhere() throws Exception {
        edit("    - {id: dewi,", "    - {id: eko, name: Eko Saputra, role: engineer, badges: [\"2002\"]}\n    - {id: dewi,");
        assertFalse(logged().contains(WARNING), logged());
    }

    @Test
    void anEditElsewhereIsSaidToWaitForARestart() throws Exception {
        edit("name: Pusat Data}", "name: Pusat Data Kabupaten}");
        assertTrue(logged().contains("site.yaml " + WARNING), logged());
    }

    /** Writes to both streams: the log stays visible in the test's output. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
