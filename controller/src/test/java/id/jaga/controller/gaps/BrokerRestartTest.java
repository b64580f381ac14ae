package id.jaga.controller.gaps;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker restart while real agents publish to a real controller: Mosquitto with persistence and no
 * limit on what it keeps for a client that is away ({@code max_queued_messages 0}), stopped and
 * started again on the same port and persistence file. Every reading is stored exactly once and
 * ingest resumes once the broker answers again.
 */
class BrokerRestartTest {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartTest.class);
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final List<String> AGENTS = List.of("pi-a", "pi-b");

    @TempDir
    static Path brokerDir;
    private static TestMosquitto broker;

    @TempDir
    Path dir;
    private LiveSite live;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestMosquitto.start(brokerDir, 0);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @AfterEach
    void stop() throws Exception {
        if (live != null) {
            live.close();
        }
        if (!broker.running()) {
            broker.start();
        }
    }

    @Test
    void afterABrokerRestartEveryMessageIsStoredExactlyOnceAndIngestResumes() throws Exception {
        live = LiveSite.create("brokerrestart", broker.uri(), dir, "30s", AGENTS.toArray(String[]::new));
        live.startController();
        AGENTS.forEach(live::startAgent);
        await().atMost(WITHIN).until(() -> live.storedSeqs("pi-a").size() >= 5 && live.storedSeqs("pi-b").size() >= 5);

        broker.stop();
        // The agents go on measuring: their queues keep what the broker cannot take now. Some 8 s of
        // them, so that the clients' waits between attempts have grown to their cap.
        await().atMost(WITHIN).until(() -> AGENTS.stream().allMatch(a -> live.agent(a).queued() >= 40));
        Map<String, Long> madeDuringOutage = AGENTS.stream().collect(Collectors.toMap(a -> a, a -> live.agent(a).lastQueuedSeq()));
        long restartedAt = System.nanoTime();
        broker.start();

        // Ingest resumed: what was made during the outage, and after it, is stored.
        await().atMost(WITHIN).until(() -> AGENTS.stream().allMatch(a -> newest(a) > madeDuringOutage.get(a) + 5));
        LOG.info("ingest caught up {} ms after the broker answered again", (System.nanoTime() - restartedAt) / 1_000_000);

        for (String agent : AGENTS) {
            long last = live.agent(agent).lastQueuedSeq();
            await().atMost(WITHIN).until(() -> newest(agent) >= last);
            List<Long> stored = live.storedSeqs(agent).stream().filter(s -> s <= last).toList();
            assertEquals(LongStream.rangeClosed(0, last).boxed().toList(), stored,
                    agent + ": every message from the first to " + last + " stored, none missing, none twice");
        }
        assertEquals(0, live.count("SELECT COUNT(*) - COUNT(DISTINCT agent_id || '/' || seq) FROM telemetry"), "nothing stored twice");
        JsonNode gaps = live.healthDataGaps();
        for (String agent : AGENTS) {
            assertEquals(0, gaps.path(agent).path("awaited").size(), agent + ": nothing awaited: " + gaps);
            assertEquals(0, gaps.path(agent).path("missing").asLong());
        }
    }

    private long newest(String agent) {
        try {
            List<Long> seqs = live.storedSeqs(agent);
            return seqs.isEmpty() ? -1 : seqs.get(seqs.size() - 1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
