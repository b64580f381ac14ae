package id.jaga.agent;

import id.jaga.sensors.auth.AgentKeys;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.agent.queue.DiskQueue;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Wire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as its own process, killed with SIGKILL while the broker is out of reach: everything it
 * had committed to its queue is in the file, and the next process delivers all of it.
 */
class AgentProcessKillTest {
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final Map<Long, Integer> arrivals = new ConcurrentHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private MosquittoBroker broker;
    private MqttWatcher watcher;

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly().waitFor();
        }
        watcher.close();
        broker.close();
    }

    @Test
    void whatWasQueuedBeforeSigkillIsDeliveredByTheNextProcess() throws Exception {
        int port = MosquittoBroker.freePort();
        broker = MosquittoBroker.start(dir, port);
        watcher = MqttWatcher.watch(port, (topic, m) -> arrivals.merge(Wire.decode(m.getPayload(), Telemetry.class).seq(), 1, Integer::sum),
                "jaga/v1/t/agent/+/telemetry");
        try (TcpGate gate = new TcpGate(MosquittoBroker.freePort(), port)) {
            // The production agent has real drivers only: a DS18B20 in a 1-wire folder of the test's own.
            Path device = Files.createDirectories(dir.resolve("w1/28-0316a2791cff"));
            Files.writeString(device.resolve("w1_slave"), "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n");
            Path site = Files.writeString(dir.resolve("site.yaml"), """
                    site: {id: t}
                    broker: {uris: [tcp://127.0.0.1:%d]}
                    rooms: [{id: room}]
                    agents: [{id: pi-1, room: room, publishInterval: 100ms, keyFile: "%s"}]
                    racks:
                      - id: rack
                        room: room
                        sensors:
                          - {id: inlet, kind: temperature, agent: pi-1, pollInterval: 50ms, driver: {type: ds18b20, serial: 28-0316a2791cff, basePath: "%s"}}
                    """.formatted(gate.listenPort(), dir.resolve("pi-1.keys"), dir.resolve("w1")));
            AgentKeys.ensure(dir.resolve("pi-1.keys"));
            Path state = dir.resolve("state");

            Path firstLog = dir.resolve("first.log");
            Process first = agentProcess(site, state, firstLog);
            await().atMost(WITHIN).until(() -> Files.exists(firstLog)
                    && Files.readString(firstLog).contains("10 messages waiting in the queue"));
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertTrue(first.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));

            List<Long> committed = queuedSeqs(state.resolve("pi-1.queue"));
            assertTrue(committed.size() >= 10, "the queue file holds what was committed: " + committed.size());

            agentProcess(site, state, dir.resolve("second.log"));
            gate.open();
            await().atMost(WITHIN).until(() -> arrivals.keySet().containsAll(committed)
                    && arrivals.keySet().stream().anyMatch(s -> s > committed.get(committed.size() - 1)));

            for (long seq : committed) {
                assertEquals(1, arrivals.get(seq), "message " + seq + " arrived once");
            }
        }
    }

    private Process agentProcess(Path site, Path state, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AgentMain.class.getName(),
                "--site", site.toString(), "--agent", "pi-1", "--state-dir", state.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    private static List<Long> queuedSeqs(Path file) {
        List<Long> seqs = new ArrayList<>();
        DiskQueue queue = DiskQueue.open(file, Long.MAX_VALUE, Duration.ofDays(365), Clock.systemUTC());
        try {
            queue.entries().forEach(e -> seqs.add(Wire.decode(e.payload(), Telemetry.class).seq()));
        } finally {
            queue.abandon(); // leave the file exactly as the killed process left it
        }
        return seqs;
    }

}
