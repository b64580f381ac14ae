package id.jaga.simulator.scenario;

import id.jaga.sensors.mqtt.MessageListener;
import id.jaga.sensors.wire.AgentEvent;
import id.jaga.sensors.wire.AgentState;
import id.jaga.sensors.wire.AlarmEvent;
import id.jaga.sensors.wire.FailoverState;
import id.jaga.sensors.wire.SecurityEvent;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import id.jaga.simulator.scenario.Observed.AlarmChange;
import id.jaga.simulator.scenario.Observed.FailoverChange;
import id.jaga.simulator.scenario.Observed.SecurityChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run as a NOC sees it, connected straight to the broker (not through a network path the
 * scenario cuts): alarm changes, failover transitions and the security log, each at the controller's own timestamp,
 * and every numbered message of every agent, to tell whether any went missing.
 */
final class NocView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NocView.class);
    private final MqttClient client;
    private final Topics topics;
    private final Instant start;
    private final List<AlarmChange> alarms = new CopyOnWriteArrayList<>();
    private final List<FailoverChange> failovers = new CopyOnWriteArrayList<>();
    private final List<SecurityChange> security = new CopyOnWriteArrayList<>();
    private final Map<String, Set<Long>> boots = new ConcurrentHashMap<>();
    private final Map<String, Set<Long>> seqs = new ConcurrentHashMap<>();
    private final Map<String, Integer> readings = new ConcurrentHashMap<>();
    private final Map<String, Instant> newest = new ConcurrentHashMap<>();
    /** QoS 1 may deliver a message twice: each alarm change and transition counts once. */
    private final Set<String> heardOnce = ConcurrentHashMap.newKeySet();

    NocView(String brokerUri, Topics topics, Instant start) throws MqttException {
        this.topics = topics;
        this.start = start;
        client = new MqttClient(brokerUri, "jaga-scenario-noc-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(MessageListener.of((topic, m) -> {
            try {
                heard(topic, m.getPayload());
            } catch (RuntimeException e) {
                LOG.warn("cannot read a message on {}: {}", topic, e.getMessage());
            }
        }));
        client.connect(new MqttConnectionOptions());
        client.subscribe(topics.alarm(), 1);
        client.subscribe(topics.failover(), 1);
        client.subscribe(topics.security(), 1);
        for (String channel : List.of(Topics.STATE, Topics.TELEMETRY, Topics.EVENT)) {
            client.subscribe(topics.allAgents(channel), 1);
        }
    }

    private void heard(String topic, byte[] payload) {
        if (topic.equals(topics.alarm())) {
            AlarmEvent a = Wire.decode(payload, AlarmEvent.class);
            if (heardOnce.add("alarm " + a.alarm() + " " + a.change() + " " + a.ts())) {
                alarms.add(new AlarmChange(offset(a.ts()), a.source(), a.type(), a.severity(), a.state(), a.change(), a.message()));
            }
            return;
        }
        if (topic.equals(topics.failover())) {
            FailoverState f = Wire.decode(payload, FailoverState.class);
            if (heardOnce.add("failover " + f.attempt() + " " + f.state() + " " + f.ts())) {
                failovers.add(new FailoverChange(offset(f.ts()), f.state(), f.drc(), f.trigger(), f.decidedBy(),
                        Boolean.TRUE.equals(f.drill()), f.detail()));
            }
            return;
        }
        if (topic.equals(topics.security())) {
            SecurityEvent e = Wire.decode(payload, SecurityEvent.class);
            if (heardOnce.add("security " + e.seq())) {
                security.add(new SecurityChange(offset(e.ts()), e.type(), e.door(), e.person(), e.detail()));
            }
            return;
        }
        topics.parseAgentTopic(topic).ifPresent(at -> {
            switch (at.channel()) {
                case Topics.STATE -> {
                    AgentState s = Wire.decode(payload, AgentState.class);
                    if (s.status() == AgentState.Status.ONLINE) {
                        boots.computeIfAbsent(at.agent(), k -> ConcurrentHashMap.newKeySet()).add(s.bootSeq());
                    }
                }
                case Topics.TELEMETRY -> {
                    Telemetry t = Wire.decode(payload, Telemetry.class);
                    newest.merge(at.agent(), t.ts(), (a, b) -> a.isAfter(b) ? a : b);
                    if (seqs.computeIfAbsent(at.agent(), k -> ConcurrentHashMap.newKeySet()).add(t.seq())) {
                        readings.merge(at.agent(), t.readings().size(), Integer::sum);
                    }
                }
                case Topics.EVENT -> seqs.computeIfAbsent(at.agent(), k -> ConcurrentHashMap.newKeySet())
                        .add(Wire.decode(payload, AgentEvent.class).seq());
                default -> { }
            }
        });
    }

    private Duration offset(Instant ts) {
        return Duration.between(start, ts);
    }

    /** Agents whose birth was heard. */
    Set<String> agentsBorn() {
        return boots.keySet();
    }

    /** When the newest telemetry heard from the agent was sent (its own clock), or null before the first. */
    Instant newestTelemetry(String agent) {
        return newest.get(agent);
    }

    /** Readings in the distinct telemetry messages heard so far. */
    long readingsPublished() {
        return readings.values().stream().mapToLong(Integer::longValue).sum();
    }

    /**
     * Which numbered messages never came, or null when none is missing. An agent numbers its
     * telemetry and events from one counter that survives restarts; a restart may skip numbers
     * (they are reserved in blocks), so each restart excuses one gap.
     */
    String missingMessages() {
        List<String> missing = new ArrayList<>();
        for (var e : new TreeMap<>(seqs).entrySet()) {
            TreeSet<Long> heard = new TreeSet<>(e.getValue());
            int restarts = Math.max(0, boots.getOrDefault(e.getKey(), Set.of()).size() - 1);
            List<String> gaps = new ArrayList<>();
            Long previous = null;
            for (long seq : heard) {
                if (previous != null && seq != previous + 1) {
                    gaps.add((previous + 1) + (seq - 1 > previous + 1 ? " to " + (seq - 1) : ""));
                }
                previous = seq;
            }
            if (gaps.size() > restarts) {
                missing.add(e.getKey() + " messages " + String.join(", ", gaps) + " never arrived"
                        + (restarts > 0 ? " (" + restarts + " restart(s) excuse as many gaps)" : ""));
            }
        }
        return missing.isEmpty() ? null : String.join("; ", missing);
    }

    List<AlarmChange> alarms() {
        return List.copyOf(alarms);
    }

    List<FailoverChange> failovers() {
        return List.copyOf(failovers);
    }

    List<SecurityChange> security() {
        return List.copyOf(security);
    }

    @Override
    public void close() {
        try {
            client.disconnect();
            client.close();
        } catch (MqttException e) {
            LOG.debug("closing the NOC view: {}", e.getMessage());
        }
    }
}
