package id.jaga.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Sensor;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.auth.AgentKeys;
import id.jaga.sensors.driver.Drivers;
import id.jaga.sensors.driver.SensorDriver;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.driver.SimulatedDriver;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.driver.check.Range;
import id.jaga.sensors.driver.check.StuckDetector;
import id.jaga.sensors.wire.AgentState;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Wire;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent against a real Mosquitto broker, watched by a plain MQTT subscriber. */
class RackAgentTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final SimulatedInputs inputs = new SimulatedInputs();
    private final List<Telemetry> telemetry = new CopyOnWriteArrayList<>();
    private final Map<String, AgentState> states = new ConcurrentHashMap<>();
    private MosquittoBroker broker;
    private MqttWatcher watcher;
    private RackAgent agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.kill();
        }
        if (watcher != null) {
            watcher.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void readingsMadeBeforeTheBrokerIsUpArriveInOrderWithoutGaps() throws Exception {
        int port = MosquittoBroker.freePort();
        broker = MosquittoBroker.start(dir, port);
        watch(port);
        try (TcpGate gate = new TcpGate(MosquittoBroker.freePort(), port)) {
            agent = agent(gate.listenPort());
            agent.start();
            await().atMost(WITHIN).until(() -> agent.queued() > 0); // producing while the broker is out of reach

            gate.open();

            await().atMost(WITHIN).until(() -> telemetry.size() >= 5);
            List<Long> seqs = telemetry.stream().map(Telemetry::seq).toList();
            assertEquals(LongStream.range(0, seqs.size()).boxed().toList(), seqs,
                    "the first batch, made while the broker was out of reach, arrives first; none is missing");
            assertTrue(telemetry.stream().flatMap(t -> t.readings().stream()).anyMatch(r -> r.sensor().equals("inlet")));
        }
    }

    @Test
    void birthIsRetainedAndTheLastWillSaysOfflineWhenTheAgentDies() throws Exception {
        int port = MosquittoBroker.freePort();
        broker = MosquittoBroker.start(dir, port);
        agent = agent(port);
        agent.start();
        watch(port);

        await().atMost(WITHIN).until(() -> states.containsKey("pi-1"));
        AgentState birth = states.get("pi-1");
        assertEquals(AgentState.Status.ONLINE, birth.status());
        assertEquals(1, birth.bootSeq());
        assertEquals(List.of("inlet", "flaky"), birth.sensors().stream().map(AgentState.SensorInfo::id).toList());

        agent.kill();
        agent = null;

        await().atMost(WITHIN).until(() -> states.get("pi-1").status() == AgentState.Status.OFFLINE);
        states.clear();
        watch(port); // a late subscriber is told by the retained state
        await().atMost(WITHIN).until(() -> states.containsKey("pi-1"));
        assertEquals(AgentState.Status.OFFLINE, states.get("pi-1").status());
    }

    @Test
    void aRestartedAgentNamesTheNumbersItSkippedInItsBirth() throws Exception {
        int port = MosquittoBroker.freePort();
        broker = MosquittoBroker.start(dir, port);
        agent = agent(port);
        agent.start();
        watch(port);
        await().atMost(WITHIN).until(() -> telemetry.size() >= 3);
        assertEquals(null, states.get("pi-1").skipped(), "a first boot skipped nothing");
        agent.kill(); // a power cut: the rest of the block is never used
        long lastUsed = agent.lastQueuedSeq();
        states.clear();

        agent = agent(port);
        agent.start();

        await().atMost(WITHIN).until(() -> states.containsKey("pi-1") && states.get("pi-1").bootSeq() == 2
                && states.get("pi-1").status() == AgentState.Status.ONLINE);
        assertEquals(new AgentState.Skipped(lastUsed + 1, 999L), states.get("pi-1").skipped());
        await().atMost(WITHIN).until(() -> telemetry.stream().anyMatch(t -> t.seq() == 1000));
    }

    @Test
    void aFailingSensorIsReportedBadAndTheOthersGoOn() throws Exception {
        int port = MosquittoBroker.freePort();
        broker = MosquittoBroker.start(dir, port);
        agent = agent(port);
        inputs.set("inlet", 31.5);
        agent.start();
        watch(port);

        await().atMost(WITHIN).until(() -> reading("flaky") != null && reading("inlet") != null);
        Reading flaky = reading("flaky");
        assertEquals(Quality.BAD, flaky.quality());
        assertTrue(flaky.reason().contains("i2c bus timeout"), flaky.reason());
        assertEquals(31.5, reading("inlet").value());
    }

    @Test
    void itsDriversHoldARacksPowerMeterToTwiceTheRacksCapacity() throws Exception {
        int port = MosquittoBroker.freePort();
        broker = MosquittoBroker.start(dir, port);
        SiteConfig site = new SiteLoader().parse("capacity.yaml", """
                site: {id: t}
                broker: {uris: [tcp://127.0.0.1:%d]}
                rooms: [{id: room}]
                agents: [{id: pi-1, room: room, publishInterval: 200ms}]
                racks:
                  - id: rated
                    room: room
                    capacity: 6kW
                    sensors: [{id: rated-power, kind: power, agent: pi-1, pollInterval: 100ms, driver: {type: fixed, value: 13000}}]
                  - id: unrated
                    room: room
                    sensors: [{id: unrated-power, kind: power, agent: pi-1, pollInterval: 100ms, driver: {type: fixed, value: 13000}}]
                """.formatted(port));
        agent = new RackAgent(AgentKeys.provision(site, dir.resolve("keys")), "pi-1", new Drivers(List.of(new FixedDriver())),
                dir.resolve("state"), Clock.systemUTC());
        agent.start();
        watch(port);

        await().atMost(WITHIN).until(() -> reading("rated-power") != null && reading("unrated-power") != null);
        Reading rated = reading("rated-power");
        assertEquals(Quality.BAD, rated.quality(), "13 kW on a rack rated 6 kW");
        assertEquals("out of physical range: 13000 W (0..12000)", rated.reason());
        assertEquals(13000.0, reading("unrated-power").value(), "a rack without a capacity keeps the kind's bounds");
    }

    private Reading reading(String sensor) {
        return telemetry.stream().flatMap(t -> t.readings().stream()).filter(r -> r.sensor().equals(sensor))
                .findFirst().orElse(null);
    }

    private RackAgent agent(int port) {
        SiteConfig site = TestKeys.withKeys(new SiteLoader().parse("agent.yaml", """
                site: {id: t}
                broker: {uris: [tcp://127.0.0.1:%d]}
                rooms: [{id: room}]
                agents: [{id: pi-1, room: room, publishInterval: 200ms}]
                racks:
                  - id: rack
                    room: room
                    sensors:
                      - {id: inlet, kind: temperature, agent: pi-1, pollInterval: 100ms, driver: {type: simulated, nominal: 22}}
                      - {id: flaky, kind: humidity, agent: pi-1, pollInterval: 100ms, driver: {type: broken}}
                """.formatted(port)));
        Drivers drivers = new Drivers(List.of(new SimulatedDriver(inputs), new BrokenDriver()));
        return new RackAgent(site, "pi-1", drivers, dir.resolve("state"), Clock.systemUTC());
    }

    private void watch(int port) throws MqttException {
        if (watcher != null) {
            watcher.close();
        }
        watcher = MqttWatcher.watch(port, (topic, message) -> {
            if (topic.endsWith("/telemetry")) {
                telemetry.add(Wire.decode(message.getPayload(), Telemetry.class));
            } else if (topic.endsWith("/state")) {
                AgentState s = Wire.decode(message.getPayload(), AgentState.class);
                states.put(s.agent(), s);
            }
        }, "jaga/v1/t/agent/#");
    }

    /** Hardware that always reads {@code value}, checked against the sensor's range as every hardware driver's readings are. */
    private static final class FixedDriver implements SensorDriver {
        @Override
        public String type() {
            return "fixed";
        }

        @Override
        public void check(Sensor sensor, String path, SiteLoader.Problems problems) {
        }

        @Override
        public SensorReader open(Sensor sensor) {
            double value = ((Number) sensor.driver().get("value")).doubleValue();
            return StuckDetector.wrap(now -> Reading.good(sensor.id(), value, sensor.unit(), now), Range.of(sensor), 0);
        }
    }

    /** Hardware that fails on every read, as a sensor on a dead I2C bus does. */
    private static final class BrokenDriver implements SensorDriver {
        @Override
        public String type() {
            return "broken";
        }

        @Override
        public void check(Sensor sensor, String path, SiteLoader.Problems problems) {
        }

        @Override
        public SensorReader open(Sensor sensor) {
            return now -> {
                throw new IllegalStateException("i2c bus timeout");
            };
        }
    }
}
