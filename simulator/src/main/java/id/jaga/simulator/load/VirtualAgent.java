package id.jaga.simulator.load;

import id.jaga.sensors.auth.AgentKeyRing;
import id.jaga.agent.RackAgent;
import id.jaga.agent.state.AgentCounters;
import id.jaga.config.Sensor;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.driver.SimulatedDriver;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.mqtt.MqttLink;
import id.jaga.sensors.wire.AgentState;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent as the controller sees it on the wire, without the agent's hardware path: a birth on
 * every connect, its death as the last will (and said itself on an orderly stop), telemetry whose
 * {@code seq} comes from the same on-disk counters as a real agent's (so {@code bootSeq} and
 * {@code seq} behave the same across runs), and every reading from the site file's simulated
 * driver. Each {@link #publish()} sends one message with one reading of every sensor, QoS 1,
 * without waiting for the broker; at most {@value #MAX_IN_FLIGHT} wait for acknowledgement.
 */
final class VirtualAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualAgent.class);
    /** Starts the MQTT client id of every virtual agent, and so the names of its client's threads. */
    static final String CLIENT_ID_PREFIX = "jaga-agent-";
    private static final int MAX_IN_FLIGHT = 10;

    private final String id;
    private final List<Sensor> sensors;
    private final List<SensorReader> readers = new ArrayList<>();
    private final AgentCounters counters;
    private final Clock clock;
    private final MqttLink link;
    private final String telemetryTopic;
    private final String stateTopic;
    private final SendCounts counts;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    /** {@code sensors} are the agent's own sensors of {@code site}. */
    VirtualAgent(SiteConfig site, String id, List<Sensor> sensors, SimulatedInputs world, Path stateDir, Clock clock,
                 SendCounts counts) {
        this.id = id;
        this.sensors = List.copyOf(sensors);
        SimulatedDriver driver = new SimulatedDriver(world);
        sensors.forEach(s -> readers.add(driver.open(s)));
        this.counters = AgentCounters.open(stateDir, id);
        this.clock = clock;
        this.counts = counts;
        Topics topics = new Topics(site.broker().topicPrefix(), site.site().id());
        this.telemetryTopic = topics.agent(id, Topics.TELEMETRY);
        this.stateTopic = topics.agent(id, Topics.STATE);
        // The same client id as the real agent: a load run stands in for it, it does not sit beside it.
        this.link = MqttLink.forAgent(site.broker(), CLIENT_ID_PREFIX + site.site().id() + "-" + id, id,
                AgentKeyRing.read(Path.of(site.agent(id).orElseThrow().keyFile())),
                new MqttLink.Will(stateTopic, Wire.encode(AgentState.death(id, counters.bootSeq()))));
        link.onConnect(this::publishBirth);
    }

    String id() {
        return id;
    }

    int sensorCount() {
        return sensors.size();
    }

    /** Connects in the background; {@code connected} runs on every (re)connect. */
    void start(Runnable connected) {
        link.onConnect(connected);
        link.start();
    }

    boolean isConnected() {
        return link.isConnected();
    }

    /**
     * Reads every sensor and sends the batch with the next sequence number. Blocks while
     * {@value #MAX_IN_FLIGHT} messages wait for the broker, as a real agent's queue would hold them.
     */
    synchronized void publish() throws InterruptedException {
        inFlight.acquire();
        Instant now = clock.instant();
        List<Reading> batch = new ArrayList<>(readers.size());
        readers.forEach(r -> batch.add(r.read(now)));
        Telemetry telemetry = new Telemetry(id, counters.nextSeq(), now, batch);
        try {
            link.publish(telemetryTopic, Wire.encode(telemetry), 1, false, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    counts.acknowledged(batch.size());
                    inFlight.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    counts.failed();
                    inFlight.release();
                }
            });
        } catch (MqttException e) {
            // Not connected, for one: a real agent would keep the message queued; a load run only counts it.
            counts.failed();
            inFlight.release();
        }
    }

    /** Waits until the broker acknowledged (or refused) everything sent so far. */
    boolean awaitAcknowledged(long timeout, TimeUnit unit) throws InterruptedException {
        if (!inFlight.tryAcquire(MAX_IN_FLIGHT, timeout, unit)) {
            return false;
        }
        inFlight.release(MAX_IN_FLIGHT);
        return true;
    }

    private void publishBirth() {
        List<AgentState.SensorInfo> info = sensors.stream()
                .map(s -> new AgentState.SensorInfo(s.id(), s.kind().wire(), s.unit())).toList();
        try {
            link.publish(stateTopic, Wire.encode(AgentState.birth(id, counters.bootSeq(), RackAgent.VERSION, info,
                    clock.instant())), 1, true);
        } catch (MqttException e) {
            LOG.warn("birth of {} not sent: {}", id, e.getMessage());
        }
    }

    /** Orderly stop: says offline itself, as a real agent does (a clean disconnect suppresses the will). */
    @Override
    public void close() {
        try {
            if (link.isConnected()) {
                link.publishAndWait(stateTopic, Wire.encode(AgentState.death(id, counters.bootSeq())), 1, true, 5_000);
            }
        } catch (MqttException e) {
            LOG.debug("offline state of {} not sent: {}", id, e.getMessage());
        }
        link.close();
    }
}
