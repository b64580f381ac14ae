package id.jaga.controller.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import id.jaga.config.SiteConfig;
import id.jaga.controller.AgentKeysForTests;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.AlarmStore;
import id.jaga.controller.alarm.CompositeRules;
import id.jaga.controller.alarm.Freshness;
import id.jaga.controller.presence.Presence;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.mqtt.MqttLink.Incoming;
import id.jaga.sensors.wire.AgentEvent;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue between MQTT and storage, on H2 whose disk fails on demand (a Mockito spy on the
 * database's connections: the one seam): nothing is acknowledged before it is stored, a full queue
 * holds the MQTT thread back, and every message is stored exactly once when the disk comes back.
 */
class IngestQueueTest {
    private static final SiteConfig SITE = AgentKeysForTests.withKeys(new SiteLoader().parse("queue.yaml", """
            site: {id: dc}
            rooms: [{id: room}]
            agents: [{id: pi-1, room: room}]
            racks:
              - id: rack-1
                room: room
                sensors: [{id: inlet, kind: temperature, agent: pi-1, driver: {type: simulated}}]
            """));
    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");
    private static final Duration WITHIN = Duration.ofSeconds(30);

    private final Topics topics = new Topics("jaga/v1", "dc");
    private final List<Incoming> acknowledged = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Database db;
    private Database disk;
    private IngestQueue queue;
    private Ingest ingest;
    private Rejections rejections;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        disk = spy(db);
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        rejections = new Rejections(registry, SITE, clock);
        LatestReadings latest = new LatestReadings();
        AlarmService alarms = new AlarmService(new AlarmStore(disk), clock, (c, active) -> { });
        ingest = new Ingest(SITE, new ReadingStore(disk), latest, alarms, new Freshness(SITE, alarms, clock),
                new CompositeRules(SITE, alarms, latest::get), new Presence(SITE, alarms, clock), rejections,
                new SequenceGuard(disk), new AgentAuthenticator(SITE, clock), registry, clock);
        queue = new IngestQueue(ingest, acknowledged::add, registry);
    }

    @AfterEach
    void close() {
        queue.close();
        db.close();
    }

    private void diskFails() throws SQLException {
        doThrow(new SQLException("disk I/O error")).when(disk).connection();
    }

    private void diskWorks() throws SQLException {
        doCallRealMethod().when(disk).connection();
    }

    @Test
    void whileTheDiskFailsNothingIsAcknowledgedAndAfterwardsEverythingIsStoredOnce() throws Exception {
        diskFails();
        for (int seq = 1; seq <= 20; seq++) {
            queue.offer(telemetry(seq, 20.0 + seq / 10.0));
        }
        await().atMost(WITHIN).until(() -> registry.counter("jaga.ingest.storage.failures").count() >= 2);
        assertEquals(List.of(), acknowledged, "not one acknowledged before it is stored");

        diskWorks();
        await().atMost(WITHIN).until(() -> acknowledged.size() == 20);
        assertEquals(20, count("SELECT COALESCE(SUM(reading_count), 0) FROM telemetry"));
        assertEquals(20, count("SELECT COUNT(DISTINCT seq) FROM telemetry"));
        assertTrue(rejections.counts().isEmpty(), "retries are not mistaken for redeliveries: " + rejections.counts());
    }

    @Test
    void aFullQueueHoldsTheMqttThreadBackAndDropsNothing() throws Exception {
        diskFails();
        int messages = IngestQueue.CAPACITY + 600;
        Thread mqtt = new Thread(() -> {
            for (int seq = 1; seq <= messages; seq++) {
                queue.offer(telemetry(seq, 22.0));
            }
        }, "mqtt-under-test");
        mqtt.start();

        await().atMost(WITHIN).until(() -> mqtt.getState() == Thread.State.WAITING);
        assertTrue(registry.counter("jaga.ingest.backpressure.waits").count() >= 1);
        assertEquals(IngestQueue.CAPACITY, queue.depth(), "the queue is bounded");
        assertEquals(List.of(), acknowledged);

        diskWorks();
        mqtt.join(WITHIN.toMillis());
        await().atMost(WITHIN).until(() -> acknowledged.size() == messages);
        assertEquals(messages, count("SELECT COALESCE(SUM(reading_count), 0) FROM telemetry"));
        assertEquals(messages, (long) registry.counter("jaga.ingest.readings").count());
    }

    @Test
    void aBugInASinkAbandonsItsBatchOnceInsteadOfRetryingItForEverAndIngestGoesOn() throws Exception {
        // IllegalStateException is what many bugs throw; it used to be taken for "storage unavailable".
        ingest.onEvent((agent, boot, event) -> {
            if ("poison".equals(event.type())) {
                throw new IllegalStateException("a bug in a sink, not a storage failure");
            }
        });
        Incoming poison = event(1, "poison");
        queue.offer(poison);
        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.contains(poison));
        assertEquals(1.0, registry.counter("jaga.ingest.batches.abandoned").count(), "abandoned once and counted");

        for (int seq = 2; seq <= 11; seq++) {
            queue.offer(telemetry(seq, 21.0));
        }
        await().atMost(WITHIN).until(() -> acknowledged.size() == 11);
        assertEquals(10, count("SELECT COALESCE(SUM(reading_count), 0) FROM telemetry"), "ingest went on");
        // would the poison batch come round again?
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> registry.counter("jaga.ingest.batches.abandoned").count() == 1.0);
        assertEquals(1.0, registry.counter("jaga.ingest.batches.abandoned").count());
        assertEquals(0.0, registry.counter("jaga.ingest.storage.failures").count(), "a bug is not a storage failure");
    }

    /**
     * A real outage, no mock: the database behind an H2 TCP server that is stopped under load and
     * started again on the same port. The batch that met the broken connection is retried until the
     * database answers again, and every message is stored exactly once.
     */
    @Test
    void aRealDatabaseOutageIsStillRetriedAndNothingIsLost(@TempDir Path dir) throws Exception {
        queue.close();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Server server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir", dir.toString()).start();
        try (Database remote = Database.open(new Storage("jdbc:h2:tcp://127.0.0.1:" + port + "/outage", null, null))) {
            Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
            LatestReadings latest = new LatestReadings();
            AlarmService alarms = new AlarmService(new AlarmStore(remote), clock, (c, active) -> { });
            Ingest overTcp = new Ingest(SITE, new ReadingStore(remote), latest, alarms, new Freshness(SITE, alarms, clock),
                    new CompositeRules(SITE, alarms, latest::get), new Presence(SITE, alarms, clock), rejections,
                    new SequenceGuard(remote), new AgentAuthenticator(SITE, clock), registry, clock);
            queue = new IngestQueue(overTcp, acknowledged::add, registry);
            queue.offer(telemetry(1, 21.0));
            await().atMost(WITHIN).until(() -> acknowledged.size() == 1);

            server.stop(); // every connection of the pool breaks; new ones are refused
            for (int seq = 2; seq <= 21; seq++) {
                queue.offer(telemetry(seq, 21.0));
            }
            await().atMost(WITHIN).until(() -> registry.counter("jaga.ingest.storage.failures").count() >= 1);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> acknowledged.size() == 1);
            assertEquals(1, acknowledged.size(), "nothing acknowledged while the database is away");

            server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir", dir.toString()).start();
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() == 21);
            try (Connection c = remote.connection(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT COALESCE(SUM(reading_count), 0), COUNT(DISTINCT seq) FROM telemetry")) {
                rs.next();
                assertEquals(21, rs.getLong(1), "every reading stored");
                assertEquals(21, rs.getLong(2), "each message once");
            }
            assertEquals(0.0, registry.counter("jaga.ingest.batches.abandoned").count(), "an outage abandons nothing");
            queue.close();
        } finally {
            server.stop();
        }
    }

    private Incoming event(long seq, String type) {
        byte[] payload = Wire.encode(new AgentEvent(Wire.SCHEMA, "pi-1", seq, T0, type, "inlet", Map.of()));
        return AgentKeysForTests.signedBy(SITE, "pi-1", new Incoming(topics.agent("pi-1", Topics.EVENT), payload, false, (int) seq, 1, null));
    }

    private Incoming telemetry(long seq, double value) {
        Instant at = T0.minusSeconds(100_000).plusMillis(seq);
        byte[] payload = Wire.encode(new Telemetry("pi-1", seq, at, List.of(Reading.good("inlet", value, "C", at))));
        return AgentKeysForTests.signedBy(SITE, "pi-1", new Incoming(topics.agent("pi-1", Topics.TELEMETRY), payload, false, (int) seq, 1, null));
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
