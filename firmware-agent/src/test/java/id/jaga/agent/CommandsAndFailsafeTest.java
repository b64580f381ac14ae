package id.jaga.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.command.CommandSigner;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.wire.AgentEvent;
import id.jaga.sensors.wire.Command;
import id.jaga.sensors.wire.CommandResult;
import id.jaga.sensors.wire.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed commands over a real broker, and the fail-safe acting while the broker is out of reach. */
class CommandsAndFailsafeTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String KEY = "controller-and-pi-1-share-this-key-0123456789";

    @TempDir
    Path dir;
    private final SimulatedInputs world = new SimulatedInputs();
    private final List<CommandResult> results = new CopyOnWriteArrayList<>();
    private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    private MosquittoBroker broker;
    private MqttWatcher noc;
    private TcpGate gate;
    private RackAgent agent;

    @BeforeEach
    void start() throws Exception {
        int port = MosquittoBroker.freePort();
        broker = MosquittoBroker.start(dir, port);
        gate = new TcpGate(MosquittoBroker.freePort(), port);
        noc = MqttWatcher.watch(port, (topic, message) -> {
            if (topic.endsWith("/cmd/result")) {
                results.add(Wire.decode(message.getPayload(), CommandResult.class));
            } else {
                events.add(Wire.decode(message.getPayload(), AgentEvent.class));
            }
        }, "jaga/v1/t/agent/pi-1/cmd/result", "jaga/v1/t/agent/pi-1/event");
        Path keyFile = Files.writeString(dir.resolve("pi-1.key"), KEY + "\n");
        agent = new RackAgent(site(keyFile), "pi-1", TestDrivers.withSimulated(world), dir.resolve("state"), Clock.systemUTC());
    }

    private SiteConfig site(Path keyFile) {
        return TestKeys.withKeys(new SiteLoader().parse("commands.yaml", """
                site: {id: t}
                broker: {uris: [tcp://127.0.0.1:%d]}
                rooms:
                  - id: room
                    sensors: [{id: smoke-1, kind: smoke, agent: pi-1, pollInterval: 50ms, driver: {type: simulated, nominal: 0}}]
                agents:
                  - id: pi-1
                    room: room
                    publishInterval: 100ms
                    commandKeyFile: %s
                    outputs:
                      - {id: lock-main, kind: lock, driver: {type: simulated}}
                      - {id: siren-1, kind: siren, driver: {type: simulated}}
                    failsafe:
                      - {sensor: smoke-1, above: 0.5, output: siren-1}
                """.formatted(gate.listenPort(), keyFile)));
    }

    @AfterEach
    void stop() throws Exception {
        agent.kill();
        gate.close();
        noc.close();
        broker.close();
    }

    @Test
    void aSignedUnlockIsDoneOnceAndItsReplayRefused() throws Exception {
        gate.open();
        agent.start();
        // A telemetry batch acknowledged means connected; the agent subscribed to its commands before
        // it published on that connection, and the broker handles both in order.
        await().atMost(WITHIN).until(() -> agent.queued() == 0 && agent.lastQueuedSeq() >= 0);

        Instant now = Instant.now();
        Command unlock = new CommandSigner(KEY.getBytes()).sign(new Command(Wire.SCHEMA, "cmd-1", "pi-1", "unlock",
                Map.of("output", "lock-main", "seconds", "30"), now, now.plusSeconds(10), null));
        byte[] payload = Wire.encode(unlock);
        noc.publish("jaga/v1/t/agent/pi-1/cmd", payload);
        await().atMost(WITHIN).until(() -> !results.isEmpty());
        assertEquals("done", results.get(0).result());
        assertTrue(world.outputs().isOn("lock-main"));

        noc.publish("jaga/v1/t/agent/pi-1/cmd", payload);
        await().atMost(WITHIN).until(() -> results.size() == 2);
        assertEquals("rejected", results.get(1).result());
        assertEquals("replayed command id cmd-1", results.get(1).reason());
    }

    @Test
    void withoutAReadableKeyTheAgentMonitorsAndRefusesCommands() throws Exception {
        agent.kill();
        agent = new RackAgent(site(dir.resolve("missing.key")), "pi-1", TestDrivers.withSimulated(world), dir.resolve("state2"),
                Clock.systemUTC());
        gate.open();
        agent.start();
        await().atMost(WITHIN).until(() -> agent.queued() == 0 && agent.lastQueuedSeq() >= 0); // telemetry flows

        Instant now = Instant.now();
        Command unlock = new CommandSigner(KEY.getBytes()).sign(new Command(Wire.SCHEMA, "cmd-1", "pi-1", "unlock",
                Map.of("output", "lock-main", "seconds", "30"), now, now.plusSeconds(10), null));
        noc.publish("jaga/v1/t/agent/pi-1/cmd", Wire.encode(unlock));

        await().atMost(WITHIN).until(() -> !results.isEmpty());
        assertEquals("no usable command key on this agent", results.get(0).reason());
        assertTrue(!world.outputs().isOn("lock-main"));
    }

    @Test
    void smokeSoundsTheSirenWithoutBrokerAndTheControllerHearsOfItLater() throws Exception {
        agent.start(); // the gate is shut: the broker is out of reach
        world.set("smoke-1", 1);

        await().atMost(WITHIN).until(() -> world.outputs().isOn("siren-1"));
        assertTrue(events.isEmpty());

        gate.open();
        await().atMost(WITHIN).until(() -> !events.isEmpty());
        AgentEvent event = events.get(0);
        assertEquals("failsafe", event.type());
        assertEquals("smoke-1", event.sensor());
        assertEquals(Map.of("output", "siren-1", "state", "on", "value", "1.0"), event.data());
    }
}
