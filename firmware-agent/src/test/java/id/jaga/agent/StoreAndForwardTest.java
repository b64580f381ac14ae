package id.jaga.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Wire;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No loss across a broker outage and an agent crash in the middle of it: a real Mosquitto, the
 * agent's path to it cut and restored by a TCP gate, and a subscriber on the broker counting
 * every telemetry message by sequence number.
 */
class StoreAndForwardTest {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final Map<Long, Integer> arrivals = new ConcurrentHashMap<>();
    private MosquittoBroker broker;
    private MqttWatcher watcher;
    private RackAgent agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.kill();
        }
        watcher.close();
        broker.close();
    }

    @Test
    void anOutageWithACrashInItLosesNoQueuedReading() throws Exception {
        int port = MosquittoBroker.freePort();
        broker = MosquittoBroker.start(dir, port);
        watcher = MqttWatcher.watch(port, (topic, m) -> arrivals.merge(Wire.decode(m.getPayload(), Telemetry.class).seq(), 1, Integer::sum),
                "jaga/v1/t/agent/+/telemetry");
        try (TcpGate gate = new TcpGate(MosquittoBroker.freePort(), port)) {
            gate.open();
            SiteConfig site = site(gate.listenPort());
            agent = new RackAgent(site, "pi-1", TestDrivers.withSimulated(new SimulatedInputs()), dir.resolve("state"), Clock.systemUTC());
            agent.start();
            await().atMost(WITHIN).until(() -> arrivals.size() >= 3);

            gate.shut(); // the broker is out of reach
            RackAgent first = agent;
            await().atMost(WITHIN).until(() -> first.queued() >= 5);
            first.kill(); // power cut in the middle of the outage
            long lastBeforeCrash = first.lastQueuedSeq();

            agent = new RackAgent(site, "pi-1", TestDrivers.withSimulated(new SimulatedInputs()), dir.resolve("state"), Clock.systemUTC());
            agent.start();
            RackAgent second = agent;
            await().atMost(WITHIN).until(() -> second.lastQueuedSeq() > lastBeforeCrash);
            assertTrue(second.queued() > 5, "the first life's queue was taken over: " + second.queued());

            gate.open(); // the broker is back
            long lastAfterRestart = second.lastQueuedSeq();
            await().atMost(WITHIN).until(() -> arrivals.keySet().containsAll(LongStream.rangeClosed(0, lastBeforeCrash).boxed().toList())
                    && arrivals.containsKey(lastAfterRestart));

            long firstAfterRestart = arrivals.keySet().stream().filter(s -> s > lastBeforeCrash).min(Long::compare).orElseThrow();
            assertTrue(firstAfterRestart > lastBeforeCrash, "a sequence number is never reused after a restart");
            List<Long> missing = LongStream.rangeClosed(firstAfterRestart, lastAfterRestart).boxed()
                    .filter(s -> !arrivals.containsKey(s)).toList();
            assertEquals(List.of(), missing, "every message queued after the restart arrived");
            Map<Long, Integer> repeated = arrivals.entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            // Only a message in flight at the moment the path was cut can arrive twice (the broker had it,
            // its acknowledgement was lost); it carries the same sequence number, so the controller can tell.
            assertTrue(repeated.size() <= 1 && repeated.values().stream().allMatch(n -> n == 2), "repeats: " + repeated);
        }
    }

    private static SiteConfig site(int port) {
        return TestKeys.withKeys(new SiteLoader().parse("outage.yaml", """
                site: {id: t}
                broker: {uris: [tcp://127.0.0.1:%d]}
                rooms: [{id: room}]
                agents: [{id: pi-1, room: room, publishInterval: 100ms}]
                racks:
                  - id: rack
                    room: room
                    sensors:
                      - {id: inlet, kind: temperature, agent: pi-1, pollInterval: 50ms, driver: {type: simulated, nominal: 22}}
                """.formatted(port)));
    }

}
