package id.jaga.simulator.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import id.jaga.simulator.SimulatorDrivers;
import id.jaga.config.Broker;
import id.jaga.config.ControllerSettings;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.Controller;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.mqtt.MessageListener;
import id.jaga.sensors.wire.AlarmEvent;
import id.jaga.sensors.wire.Wire;
import id.jaga.simulator.SimulatedSite;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 * The demo site on the broker its controller starts (broker.embedded), as `./jaga demo` runs it:
 * agents logged in by their keys and the controller by the password the broker made, held to the
 * topic rules, and not one of their messages refused; a NOC watcher without a login hears alarms.
 */
class SiteOnEmbeddedBrokerTest {
    private static final Duration WITHIN = Duration.ofSeconds(30);
    @TempDir
    static Path tmp;
    static Controller controller;
    static SimulatedSite site;
    static MqttClient watcher;
    static final List<AlarmEvent> heard = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SiteLoader loader = new SiteLoader(List.of(SimulatorDrivers.of(new SimulatedInputs()).siteCheck()));
        SiteConfig demo = loader.load(Path.of("../config/examples/demo.yaml"));
        SiteConfig config = SimulatedSite.withAgentKeys(demo.withConnections(
                new Broker(null, null, null, null, new Broker.EmbeddedBroker("127.0.0.1", port)),
                new Storage("jdbc:h2:file:" + tmp.resolve("db/jaga").toAbsolutePath(), null, null),
                new ControllerSettings(new ControllerSettings.Http("127.0.0.1", 0, null), null)), tmp.resolve("keys"));
        controller = Controller.start(config, tmp, Clock.systemUTC());
        await().atMost(WITHIN).until(controller::isConnected);

        watcher = new MqttClient(controller.brokerUri(), "noc-watcher", new MemoryPersistence());
        watcher.setCallback(MessageListener.of((topic, m) -> {
            if (topic.equals(controller.topics().alarm())) {
                heard.add(Wire.decode(m.getPayload(), AlarmEvent.class));
            }
        }));
        watcher.connect(new MqttConnectionOptions());
        watcher.subscribe(new String[] {controller.topics().root() + "/alarm/#", controller.topics().root() + "/failover/#",
                controller.topics().root() + "/security/#"}, new int[] {1, 1, 1});

        site = new SimulatedSite(controller.site(), tmp.resolve("agents"), Clock.systemUTC()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        site.close();
        watcher.disconnect();
        watcher.close();
        controller.close();
    }

    @Test
    void theSiteRunsOnItAndNothingItSendsIsRefused() {
        await().atMost(WITHIN).until(() -> controller.metrics().counter("jaga.ingest.readings").count()
                >= 10 * site.agents().size());
        site.inputs().set("rack-2-inlet", 30.0);
        await().atMost(WITHIN).until(() -> heard.stream().anyMatch(a -> a.type().equals("temperature-high")
                && a.change().equals("raised")));
        for (String what : List.of("connect", "publish", "subscribe")) {
            assertEquals(0.0, controller.metrics().get("jaga.broker.refused").tag("what", what).functionCounter().count(), what);
        }
    }
}
