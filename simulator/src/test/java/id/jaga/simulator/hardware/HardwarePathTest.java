package id.jaga.simulator.hardware;

import id.jaga.sensors.auth.AgentKeys;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import id.jaga.simulator.SimulatorDrivers;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.mqtt.MessageListener;
import id.jaga.sensors.wire.AgentEvent;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import id.jaga.simulator.SimulatedSite;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent with its real hardware drivers, reading the simulated world through each fake: a
 * DS18B20 in the 1-wire folder, an SHT31 and an INA219 on the mock I2C bus, door and smoke contacts
 * and an S0 meter on mock GPIO pins, a UPS on the NUT server. What the world says is what the
 * agent publishes over a real (embedded HiveMQ) broker.
 */
class HardwarePathTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String AGENT = "pi-1";

    @TempDir
    static Path tmp;
    static EmbeddedBroker broker;
    static SimulatedSite site;
    static MqttClient listener;
    /** The newest reading of each sensor, and the events, as published. */
    static final Map<String, Reading> latest = new ConcurrentHashMap<>();
    static final List<AgentEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start("127.0.0.1", freePort(), tmp.resolve("broker"));
        Path file = Files.writeString(tmp.resolve("bench.yaml"), """
                site: {id: bench, name: Meja Uji, timezone: Asia/Jakarta}
                broker: {uris: ["%s"]}
                rooms:
                  - id: room
                    name: Ruang
                    sensors:
                      - {id: door, kind: door, agent: pi-1, pollInterval: 1s, driver: {type: gpio, pin: 17}}
                      - {id: smoke, kind: smoke, agent: pi-1, pollInterval: 1s, driver: {type: gpio, pin: 27}}
                      - {id: energy, kind: energy, agent: pi-1, pollInterval: 1s, driver: {type: s0-meter, pin: 5, pulsesPerKwh: 1000}}
                      - {id: ups-status, kind: ups-status, agent: pi-1, pollInterval: 1s, driver: {type: nut, ups: ups, var: ups.status}}
                      - {id: ups-runtime, kind: battery-runtime, agent: pi-1, pollInterval: 1s, driver: {type: nut, ups: ups, var: battery.runtime}}
                      - {id: ups-charge, kind: battery-charge, agent: pi-1, pollInterval: 1s, driver: {type: nut, ups: ups, var: battery.charge}}
                      - {id: mains, kind: mains-voltage, agent: pi-1, pollInterval: 1s, driver: {type: nut, ups: ups, var: input.voltage}}
                      - {id: room-temp, kind: temperature, agent: pi-1, pollInterval: 1s, driver: {type: simulated, nominal: 24}}
                agents:
                  - {id: pi-1, room: room, publishInterval: 1s}
                racks:
                  - id: rack-1
                    room: room
                    sensors:
                      - {id: inlet, kind: temperature, agent: pi-1, pollInterval: 1s, driver: {type: ds18b20, serial: 28-0316a2791cff}}
                      - {id: air-temp, kind: temperature, agent: pi-1, pollInterval: 1s, driver: {type: sht31, address: 0x44}}
                      - {id: air-rh, kind: humidity, agent: pi-1, pollInterval: 1s, driver: {type: sht31, address: 0x44}}
                      - {id: bus-volts, kind: voltage, agent: pi-1, pollInterval: 1s, driver: {type: ina219, shuntOhms: 0.0005}}
                      - {id: bus-amps, kind: current, agent: pi-1, pollInterval: 1s, driver: {type: ina219, shuntOhms: 0.0005}}
                      - {id: rack-power, kind: power, agent: pi-1, pollInterval: 1s, driver: {type: ina219, shuntOhms: 0.0005}}
                """.formatted(broker.uri()));
        SiteConfig config = new SiteLoader(List.of(SimulatorDrivers.of(new SimulatedInputs()).siteCheck())).load(file);
        config = AgentKeys.provision(config, tmp.resolve("keys"));
        Topics topics = new Topics(config.broker().topicPrefix(), config.site().id());

        listener = new MqttClient(broker.uri(), "bench-listener", new MemoryPersistence());
        listener.setCallback(MessageListener.of((topic, m) -> {
            if (topic.endsWith(Topics.EVENT)) {
                events.add(Wire.decode(m.getPayload(), AgentEvent.class));
            } else {
                Wire.decode(m.getPayload(), Telemetry.class).readings().forEach(r -> latest.put(r.sensor(), r));
            }
        }));
        listener.connect(new MqttConnectionOptions());
        listener.subscribe(topics.agent(AGENT, Topics.TELEMETRY), 1);
        listener.subscribe(topics.agent(AGENT, Topics.EVENT), 1);

        site = new SimulatedSite(config, tmp.resolve("agents"), Clock.systemUTC()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        site.close();
        listener.disconnect();
        listener.close();
        broker.close();
    }

    private static SimulatedInputs world() {
        return site.inputs();
    }

    private static void awaitReading(String sensor, Predicate<Reading> wanted) {
        await().atMost(WITHIN).until(() -> latest.get(sensor) != null && wanted.test(latest.get(sensor)));
    }

    private static void awaitValue(String sensor, double value) {
        awaitReading(sensor, r -> r.quality() == Quality.GOOD && r.value() == value);
    }

    @Test
    void everyFakeAnswersTheRealDriverWithTheWorldsValue() {
        world().set("inlet", 23.125);
        world().set("air-temp", 25.0);
        world().set("air-rh", 60.0);
        world().set("bus-volts", 12.0);
        world().set("bus-amps", 20.0); // 10 mV across 0.5 mOhm
        world().set("energy", 0.5); // 500 pulses

        awaitValue("inlet", 23.125);
        awaitValue("air-temp", 25.0);
        awaitValue("air-rh", 60.0);
        awaitValue("bus-volts", 12.0);
        awaitValue("bus-amps", 20.0);
        awaitValue("rack-power", 240.0);
        awaitValue("energy", 0.5);
        awaitValue("ups-charge", 100.0);
        awaitValue("mains", 230.0);
        awaitValue("room-temp", 24.0); // the simulated driver, alongside
    }

    @Test
    void contactsChangeTheirPinsAndAreReportedAtOnce() {
        world().set("door", 1);
        world().set("smoke", 1); // a smoke detector's relay pulls its pin low
        awaitValue("door", 1.0);
        awaitValue("smoke", 1.0);
        await().atMost(WITHIN).until(() -> events.stream().anyMatch(e -> e.type().equals("door-opened")));
        await().atMost(WITHIN).until(() -> events.stream().anyMatch(e -> "smoke".equals(e.sensor())));

        world().set("door", 0);
        world().set("smoke", 0);
        awaitValue("door", 0.0);
        awaitValue("smoke", 0.0);
        await().atMost(WITHIN).until(() -> events.stream().anyMatch(e -> e.type().equals("door-closed")));
    }

    @Test
    void aCrcErrorIsReportedAsABadReading() {
        world().fail("inlet", Quality.BAD, "noise on the 1-wire line");
        world().fail("air-rh", Quality.BAD, "noise on the I2C bus");
        awaitReading("inlet", r -> r.quality() == Quality.BAD && "CRC error".equals(r.reason()));
        // one measurement serves both of the chip's sensors: its temperature is refused with it
        awaitReading("air-temp", r -> r.quality() == Quality.BAD && "CRC error".equals(r.reason()));

        world().release("inlet");
        world().release("air-rh");
        awaitValue("inlet", 22.0);
        awaitReading("air-rh", r -> r.quality() == Quality.GOOD);
    }

    @Test
    void aChipThatStopsAnsweringIsAnIoError() {
        world().fail("bus-amps", Quality.STALE, "INA219 unpowered");
        awaitReading("rack-power", r -> r.quality() == Quality.BAD && r.reason().startsWith("I/O error at 0x40"));
        world().release("bus-amps");
        awaitReading("rack-power", r -> r.quality() == Quality.GOOD);
    }

    @Test
    void theUpsGoingOnBatteryIsSeenInTelemetry() {
        awaitReading("ups-status", r -> "OL".equals(r.text()));
        world().setText("ups-status", "DISCHRG OB");
        world().set("ups-runtime", 600);
        awaitReading("ups-status", r -> "OB DISCHRG".equals(r.text()));
        awaitValue("ups-runtime", 600.0);

        world().fail("ups-status", Quality.STALE, "the UPS's driver stopped");
        awaitReading("ups-runtime", r -> r.quality() == Quality.STALE && r.reason().contains("DATA-STALE"));
        world().setText("ups-status", "OL CHRG");
        awaitReading("ups-status", r -> "OL CHRG".equals(r.text()));
    }

    @Test
    void aRestartedAgentFindsItsBoardAsTheWorldLeftIt() {
        world().set("door", 1);
        awaitValue("door", 1.0);
        site.crash(AGENT);
        Instant restarted = Instant.now();
        site.restart(AGENT);
        awaitReading("door", r -> !r.ts().isBefore(restarted));
        assertEquals(1.0, latest.get("door").value(), "the pin reads its wire from the first read on");
        world().set("door", 0);
        await().atMost(WITHIN).until(() -> events.stream().anyMatch(e -> e.type().equals("door-closed") && !e.ts().isBefore(restarted)));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
