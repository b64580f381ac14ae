package id.jaga.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.driver.i2c.PiContexts;
import id.jaga.sensors.wire.AgentEvent;
import id.jaga.sensors.wire.Wire;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Door and smoke contacts on GPIO (Pi4J's mock board) reach the broker as events the moment they
 * change, and smoke on a contact sounds the relay siren at once. The polls are an hour apart, so
 * nothing here can come from a poll.
 */
class EdgeEventsTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final Context board = PiContexts.mock();
    private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    private MosquittoBroker broker;
    private MqttWatcher watcher;
    private RackAgent agent;

    @AfterEach
    void stop() throws Exception {
        agent.close();
        watcher.close();
        broker.close();
        board.shutdown();
    }

    @Test
    void contactsAreReportedAtOnceAndSmokeSoundsTheSiren() throws Exception {
        int port = MosquittoBroker.freePort();
        broker = MosquittoBroker.start(dir, port);
        watcher = MqttWatcher.watch(port, (topic, m) -> events.add(Wire.decode(m.getPayload(), AgentEvent.class)),
                "jaga/v1/t/agent/+/event");
        SiteConfig site = TestKeys.withKeys(new SiteLoader().parse("edges.yaml", """
                site: {id: t}
                broker: {uris: [tcp://127.0.0.1:%d]}
                rooms:
                  - id: room
                    sensors:
                      - {id: door-main, kind: door, agent: pi-1, pollInterval: 1h, driver: {type: gpio, pin: 17, debounce: 20ms}}
                      - {id: smoke-1, kind: smoke, agent: pi-1, pollInterval: 1h, driver: {type: gpio, pin: 27, debounce: 20ms, activeLow: false}}
                agents:
                  - id: pi-1
                    room: room
                    publishInterval: 1h
                    outputs: [{id: siren-1, kind: siren, driver: {type: gpio, pin: 23}}]
                    failsafe: [{sensor: smoke-1, above: 0.5, output: siren-1}]
                """.formatted(port)));
        agent = new RackAgent(site, "pi-1", TestDrivers.withSimulated(new SimulatedInputs(), board), dir.resolve("state"), Clock.systemUTC());
        agent.start();
        MockDigitalInput door = board.registry().get("in-door-main");
        MockDigitalInput smoke = board.registry().get("in-smoke-1");
        MockDigitalOutput siren = board.registry().get("out-siren-1");

        door.mockState(DigitalState.HIGH);
        await().atMost(WITHIN).until(() -> types().equals(List.of("door-opened")));
        door.mockState(DigitalState.LOW);
        await().atMost(WITHIN).until(() -> types().equals(List.of("door-opened", "door-closed")));

        smoke.mockState(DigitalState.HIGH);
        await().atMost(WITHIN).until(() -> types().contains("smoke-detected") && types().contains("failsafe"));
        assertEquals(DigitalState.HIGH, siren.state(), "the siren relay is on");
        AgentEvent detected = events.stream().filter(e -> e.type().equals("smoke-detected")).findFirst().orElseThrow();
        assertEquals(Map.of("state", "1"), detected.data());
        assertTrue(events.stream().map(AgentEvent::seq).distinct().count() == events.size(), "each event has its own sequence number");
    }

    private List<String> types() {
        return events.stream().map(AgentEvent::type).toList();
    }

}
