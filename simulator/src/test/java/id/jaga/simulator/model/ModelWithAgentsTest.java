package id.jaga.simulator.model;

import id.jaga.sensors.auth.AgentKeys;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import id.jaga.simulator.SimulatorDrivers;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.mqtt.MessageListener;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import id.jaga.simulator.SimulatedSite;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model feeding the real agent code: after the room's only cooling unit fails, the agent
 * publishes the rack inlet warming as the model computes it, on a clock 20 times as fast as real time.
 */
class ModelWithAgentsTest {
    private static final Instant START = Instant.parse("2026-03-02T01:00:00Z");
    /** 3000 W of IT and 72 kJ/K (a deliberately light room): without cooling it warms 3000 / 72000 = 0.0417 K/s. */
    private static final String SITE = """
            site: {id: lab}
            rooms: [{id: room-1}]
            agents: [{id: pi, room: room-1, publishInterval: 200ms}]
            racks:
              - id: rack-1
                room: room-1
                sensors:
                  - {id: rack-1-inlet, kind: temperature, agent: pi, pollInterval: 250ms, driver: {type: simulated, nominal: 20}}
                  - {id: rack-1-power, kind: power, agent: pi, pollInterval: 250ms, driver: {type: simulated, nominal: 3000}}
            model:
              rooms: [{id: room-1, thermalMassJPerK: 72000, supplyC: 20, lightingW: 0, cooling: [{id: crac-1, capacityKw: 5}]}]
            """;
    private static final double WARMING_K_PER_S = 3000.0 / 72000;

    @TempDir
    static Path tmp;
    static EmbeddedBroker broker;
    static MqttClient listener;
    static final List<Reading> inlet = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.start("127.0.0.1", freePort(), tmp.resolve("broker"));
        listener = new MqttClient(broker.uri(), "telemetry-listener", new MemoryPersistence());
        listener.setCallback(MessageListener.of((topic, m) -> Wire.decode(m.getPayload(), Telemetry.class).readings().stream()
                .filter(r -> r.sensor().equals("rack-1-inlet")).forEach(inlet::add)));
        listener.connect(new MqttConnectionOptions());
        listener.subscribe(new Topics("jaga/v1", "lab").agent("pi", Topics.TELEMETRY), 1);
    }

    @AfterAll
    static void stop() throws Exception {
        listener.disconnect();
        listener.close();
        broker.close();
    }

    @Test
    void anAgentPublishesTheInletWarmingAfterTheCoolingFails() throws Exception {
        SiteConfig site = new SiteLoader(List.of(SimulatorDrivers.of(new SimulatedInputs()).siteCheck()))
                .parse("lab.yaml", SITE).withBrokerUris(List.of(broker.uri()));
        site = AgentKeys.provision(site, tmp.resolve("keys"));
        VirtualClock clock = VirtualClock.running(START, 20);
        try (SimulatedSite agents = new SimulatedSite(site, tmp.resolve("agents"), clock)) {
            PhysicalModel model = new PhysicalModel(site, agents.inputs(), clock.instant());
            try (ModelRunner runner = ModelRunner.start(model, clock, Duration.ofMillis(20))) {
                agents.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> !inlet.isEmpty());
                assertEquals(20.0, inlet.get(0).value(), "held at the set point while cooled");

                model.coolingUnit("crac-1").fail();
                Instant failed = model.now();
                await().atMost(Duration.ofSeconds(30)).until(() -> inlet.get(inlet.size() - 1).value() > 24);

                // Each reading is what the model had computed when the agent polled (stamped on the same clock):
                // 20 C + 0.0417 K/s since the failure, behind by a step (1 s) and the runner's tick (20 ms x 20 =
                // 0.4 s), more on a busy machine: 0.5 K allows 12 s of lag.
                for (Reading r : inlet.stream().filter(r -> r.ts().isAfter(failed.plusSeconds(2))).toList()) {
                    double seconds = Duration.between(failed, r.ts()).toMillis() / 1000.0;
                    assertEquals(20 + WARMING_K_PER_S * seconds, r.value(), 0.5, "at " + r.ts());
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
