package id.jaga.controller.access;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import id.jaga.config.Access;
import id.jaga.config.Camera;
import id.jaga.config.Door;
import id.jaga.config.Storage;
import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.audit.AuditRecord;
import id.jaga.controller.storage.Database;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camera stills against real HTTP: a camera that answers with an image (and must be asked with
 * the credentials from its file) and one that accepts the connection and never answers.
 */
class SnapshotsTest {
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};

    @TempDir
    Path tmp;
    private HttpServer camera;
    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private Database db;
    private AuditLog audit;
    private Snapshots snapshots;

    @BeforeEach
    void start() throws IOException {
        camera = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        camera.createContext("/snapshot.jpg", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, JPEG.length);
            exchange.getResponseBody().write(JPEG);
            exchange.close();
        });
        camera.start();
        silent = new ServerSocket(0);
        Thread accepting = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept()); // takes the request and says nothing
                } catch (IOException e) {
                    return;
                }
            }
        });
        accepting.setDaemon(true);
        accepting.start();
        Path credentials = tmp.resolve("camera.cred");
        Files.writeString(credentials, "viewer:s3cret\n");
        Access access = new Access(List.of(door("server-room", "cam-door"), door("store-room", "cam-silent")), null, null, null,
                List.of(new Camera("cam-door", "http://127.0.0.1:" + camera.getAddress().getPort() + "/snapshot.jpg",
                                credentials.toString(), null, null),
                        new Camera("cam-silent", "http://127.0.0.1:" + silent.getLocalPort() + "/snapshot.jpg", null,
                                Duration.ofMillis(300), List.of("door-forced"))), null, null);
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        audit = new AuditLog(db, Clock.systemUTC());
        AccessRules rules = new AccessRules(access, ZoneId.of("Asia/Jakarta"));
        snapshots = new Snapshots(db, audit, () -> rules, Clock.systemUTC());
        audit.onAppend(snapshots::recorded);
    }

    private static Door door(String id, String camera) {
        return new Door(id, null, null, "pi", id + "-contact", id + "-lock", null, null, null, camera, null, null, null, null, null,
                null, null);
    }

    @AfterEach
    void stop() throws IOException {
        snapshots.close();
        camera.stop(0);
        silent.close();
        for (Socket s : held) {
            s.close();
        }
        db.close();
    }

    private AuditRecord snapshotRecordFor(AuditRecord event) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> audit.records(null, null, 100).stream()
                .filter(r -> r.type().equals(Snapshots.TYPE) && r.detail().contains("record #" + event.seq() + ":")).findFirst(),
                java.util.Optional::isPresent).get();
    }

    @Test
    void aForcedDoorGetsAStillWhoseHashIsOnTheChain() throws Exception {
        AuditRecord forced = audit.append(AccessControl.CATEGORY, Doors.FORCED, null, "server-room", "opened without a grant", Instant.now());
        AuditRecord still = snapshotRecordFor(forced);
        Snapshots.Snapshot taken = snapshots.forRecord(forced.seq()).get(0);
        assertEquals("taken", taken.status());
        assertEquals("image/jpeg", taken.contentType());
        assertTrue(still.detail().contains("sha256 " + taken.sha256()), still.detail());
        assertArrayEquals(JPEG, snapshots.image(taken.id()).orElseThrow().bytes());
        assertEquals(List.of("Basic " + java.util.Base64.getEncoder().encodeToString("viewer:s3cret".getBytes(StandardCharsets.UTF_8))),
                authorizations, "asked with the credentials from the file");
    }

    @Test
    void onlyTheEventTypesTheCameraIsSetForAreShot() throws Exception {
        AuditRecord opened = audit.append(AccessControl.CATEGORY, "door-opened", null, "server-room", "", Instant.now());
        AuditRecord denied = audit.append(AccessControl.CATEGORY, "access-denied", null, "server-room", "unknown badge", Instant.now());
        snapshotRecordFor(denied); // the default list takes denials
        assertEquals(List.of(), snapshots.forRecord(opened.seq()), "door-opened is not on the default list");
    }

    @Test
    void aCameraThatDoesNotAnswerIsRecordedAsSuchAndTheEventStands() throws Exception {
        AuditRecord forced = audit.append(AccessControl.CATEGORY, Doors.FORCED, null, "store-room", "opened without a grant", Instant.now());
        assertEquals(forced, audit.records(null, null, 100).get(0), "the event is on the chain before any still");
        AuditRecord none = snapshotRecordFor(forced);
        assertTrue(none.detail().contains("no-answer, no answer within 300 ms"), none.detail());
        assertEquals("no-answer", snapshots.forRecord(forced.seq()).get(0).status());
    }
}
