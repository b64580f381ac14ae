package id.jaga.controller.ingest;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.config.Thresholds;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.CompositeRules;
import id.jaga.controller.alarm.DewPoint;
import id.jaga.controller.alarm.DiscreteRules;
import id.jaga.controller.alarm.Freshness;
import id.jaga.controller.presence.Presence;
import id.jaga.sensors.driver.check.Range;
import id.jaga.sensors.mqtt.MqttLink.Incoming;
import id.jaga.sensors.wire.AgentEvent;
import id.jaga.sensors.wire.CommandResult;
import id.jaga.sensors.wire.AgentState;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Topics.AgentTopic;
import id.jaga.sensors.wire.Wire;
import id.jaga.sensors.wire.WireException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything agents send enters here: validated against the wire schema and the site file, stored,
 * and judged by the rules. A refused message or reading is counted and logged with its reason and
 * never stops ingest. Messages come in batches, whose readings are stored in one transaction; the
 * caller acknowledges them once {@link #process} has returned, so storage commits first.
 */
public final class Ingest {
    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
    /** How far an agent's clock may run ahead of the controller's before its readings are refused. */
    static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(1);

    private final Topics topics;
    private final Map<String, Map<String, PlacedSensor>> sensorsByAgent;
    private final Map<String, Thresholds> thresholds = new HashMap<>();
    private final ReadingStore store;
    private final LatestReadings latest;
    private final AlarmService alarms;
    private final DiscreteRules discrete;
    private final DewPoint dewPoint;
    private final Freshness freshness;
    private final CompositeRules composites;
    private final Presence presence;
    private final Rejections rejections;
    private final SequenceGuard sequences;
    private final Clock clock;
    private final Counter accepted;
    private final List<Runnable> afterBatch = new CopyOnWriteArrayList<>();
    private final List<EventSink> eventSinks = new CopyOnWriteArrayList<>();
    private final List<Consumer<CommandResult>> resultSinks = new CopyOnWriteArrayList<>();

    public Ingest(SiteConfig site, ReadingStore store, LatestReadings latest, AlarmService alarms, Freshness freshness,
                  CompositeRules composites, Presence presence, Rejections rejections, SequenceGuard sequences,
                  MeterRegistry registry, Clock clock) {
        this.topics = new Topics(site.broker().topicPrefix(), site.site().id());
        this.sensorsByAgent = site.agents().stream().collect(Collectors.toMap(a -> a.id(), a -> new HashMap<>()));
        site.sensors().forEach(p -> {
            sensorsByAgent.get(p.sensor().agent()).put(p.sensor().id(), p);
            thresholds.put(p.sensor().id(), site.thresholdsFor(p));
        });
        this.store = store;
        this.latest = latest;
        this.alarms = alarms;
        this.discrete = new DiscreteRules(alarms);
        this.dewPoint = new DewPoint(site, alarms, latest::get);
        this.freshness = freshness;
        this.composites = composites;
        this.presence = presence;
        this.rejections = rejections;
        this.sequences = sequences;
        this.clock = clock;
        this.accepted = registry.counter("jaga.ingest.readings");
    }

    /** One message on its own, as a batch of one. */
    public void accept(Incoming message) {
        process(new Batch(List.of(message)));
    }

    /**
     * Messages received together, on their way in: checked, then their readings stored in one
     * transaction, then judged by the rules. If storage fails the batch can be processed again and
     * goes on from the step that failed, so nothing is stored or judged twice.
     */
    public static final class Batch {
        private final List<Incoming> messages;
        private final List<Accepted> accepted = new ArrayList<>();
        private boolean checked;
        private boolean stored;
        private boolean judged;

        public Batch(List<Incoming> messages) {
            this.messages = List.copyOf(messages);
        }
    }

    /** The valid readings of one telemetry message. */
    private record Accepted(String agent, long seq, List<Reading> readings) {
    }

    /** Checks, stores and judges a batch; throws {@link IllegalStateException} when storage is unavailable. */
    public void process(Batch batch) {
        Instant now = clock.instant();
        if (!batch.checked) {
            batch.accepted.clear();
            Set<String> inBatch = new HashSet<>();
            for (Incoming message : batch.messages) {
                check(message, now, batch.accepted, inBatch);
            }
            batch.checked = true;
        }
        if (!batch.stored) {
            List<ReadingStore.Row> rows = new ArrayList<>();
            batch.accepted.forEach(a -> a.readings().forEach(r -> rows.add(new ReadingStore.Row(a.agent(), a.seq(), r))));
            stored(() -> store.insert(rows, now));
            batch.accepted.forEach(a -> sequences.stored(a.agent(), a.seq()));
            batch.stored = true;
        }
        if (!batch.judged) {
            stored(() -> judge(batch));
            batch.judged = true;
            afterBatch.forEach(Runnable::run);
        }
    }

    /** Hears every agent event, before its message is acknowledged; e.g. the security log. */
    @FunctionalInterface
    public interface EventSink {
        void accept(String agent, long boot, AgentEvent event) throws SQLException;
    }

    public void onEvent(EventSink sink) {
        eventSinks.add(sink);
    }

    /** Hears every command result, in order with the agent's events; e.g. door access awaiting an unlock. */
    public void onCommandResult(Consumer<CommandResult> sink) {
        resultSinks.add(sink);
    }

    /** Runs after each batch is judged, e.g. failover looking at its triggers at once rather than on its timer. */
    public void afterEachBatch(Runnable hook) {
        afterBatch.add(hook);
    }

    private void judge(Batch batch) throws SQLException {
        for (Accepted a : batch.accepted) {
            Map<String, PlacedSensor> own = sensorsByAgent.get(a.agent());
            for (Reading r : a.readings()) {
                latest.offer(r);
                PlacedSensor placed = own.get(r.sensor());
                alarms.evaluate(placed, r, thresholds.get(r.sensor()));
                discrete.evaluate(placed, r);
                freshness.reading(r);
                dewPoint.reading(r);
            }
            accepted.increment(a.readings().size());
        }
        composites.evaluate(); // readings and alarms may have changed what the composites see
    }

    private void check(Incoming message, Instant now, List<Accepted> into, Set<String> inBatch) {
        Optional<AgentTopic> topic = topics.parseAgentTopic(message.topic());
        if (topic.isEmpty()) {
            rejections.reject("unknown-topic", message.topic(), "not an agent topic of this site");
            return;
        }
        String agent = topic.get().agent();
        if (!sensorsByAgent.containsKey(agent)) {
            rejections.reject("unknown-agent", agent, "agent '" + agent + "' is not in the site file");
            return;
        }
        if (message.payload().length == 0 && Topics.STATE.equals(topic.get().channel())) {
            return; // a retained state being cleared
        }
        try {
            switch (topic.get().channel()) {
                case Topics.TELEMETRY -> telemetry(agent, Wire.decode(message.payload(), Telemetry.class), now, into, inBatch);
                case Topics.STATE -> state(agent, Wire.decode(message.payload(), AgentState.class));
                case Topics.EVENT -> event(agent, Wire.decode(message.payload(), AgentEvent.class));
                case Topics.CMD_RESULT -> result(agent, Wire.decode(message.payload(), CommandResult.class));
                default -> rejections.reject("unknown-topic", message.topic(), "no such agent channel");
            }
        } catch (WireException e) {
            rejections.reject(e.reason(), agent, e.getMessage());
        }
    }

    private void telemetry(String agent, Telemetry t, Instant now, List<Accepted> into, Set<String> inBatch) {
        if (!agent.equals(t.agent())) {
            rejections.reject("agent-mismatch", agent, "telemetry on " + agent + "'s topic claims to be from " + t.agent());
            return;
        }
        stored(() -> presence.heard(agent, now));
        if (!t.readings().isEmpty() && (!inBatch.add(agent + "/" + t.seq()) || !stored(() -> sequences.isNew(agent, t.seq())))) {
            rejections.reject("duplicate", agent, "telemetry " + t.seq() + " was already stored (a redelivery)");
            return;
        }
        Map<String, PlacedSensor> own = sensorsByAgent.get(agent);
        List<Reading> valid = new ArrayList<>(t.readings().size());
        for (Reading r : t.readings()) {
            PlacedSensor placed = own.get(r.sensor());
            String problem = placed == null ? "unknown-sensor" : problem(placed, r, now);
            if (problem != null) {
                rejections.reject(problem, agent, "reading of '" + r.sensor() + "' in message " + t.seq() + ": " + problem
                        + (r.value() != null ? " (value " + r.value() + ")" : "") + ", at " + r.ts());
            } else {
                valid.add(r);
            }
        }
        if (!valid.isEmpty()) { // nothing usable is not taken as the agent's newest, so a bad message cannot mask good ones
            into.add(new Accepted(agent, t.seq(), valid));
        }
    }

    /** Runs a step that uses the database; if storage fails, the batch stays unacknowledged. */
    private static void stored(SqlStep step) {
        stored(() -> {
            step.run();
            return null;
        });
    }

    private static <T> T stored(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            LOG.error("storage unavailable: {}", e.getMessage());
            throw new IllegalStateException("storage unavailable", e);
        }
    }

    @FunctionalInterface
    private interface SqlStep {
        void run() throws SQLException;
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    private static String problem(PlacedSensor placed, Reading r, Instant now) {
        if (!placed.sensor().unit().equals(r.unit())) {
            return "unit-mismatch";
        }
        boolean numeric = placed.sensor().kind().isNumeric();
        if (r.value() != null && !numeric || r.text() != null && numeric) {
            return "wrong-value-type";
        }
        if (r.value() != null && !Range.of(placed.sensor().kind()).contains(r.value())) {
            return "out-of-range"; // e.g. -300 C: no sensor measures that, so it must not become data
        }
        if (r.ts().isAfter(now.plus(CLOCK_SKEW))) {
            return "future-timestamp";
        }
        return null;
    }

    private void state(String agent, AgentState state) {
        if (!agent.equals(state.agent())) {
            rejections.reject("agent-mismatch", agent, "state on " + agent + "'s topic claims to be from " + state.agent());
            return;
        }
        stored(() -> {
            presence.state(state, clock.instant());
            sequences.boot(agent, state.bootSeq(), clock.instant());
        });
        LOG.info("agent {} is {} (boot {})", agent, state.status().wire(), state.bootSeq());
    }

    private void result(String agent, CommandResult result) {
        if (!agent.equals(result.agent())) {
            rejections.reject("agent-mismatch", agent, "command result on " + agent + "'s topic claims to be from " + result.agent());
            return;
        }
        stored(() -> presence.heard(agent, clock.instant()));
        resultSinks.forEach(sink -> sink.accept(result));
    }

    private void event(String agent, AgentEvent event) {
        if (!agent.equals(event.agent())) {
            rejections.reject("agent-mismatch", agent, "event on " + agent + "'s topic claims to be from " + event.agent());
            return;
        }
        stored(() -> presence.heard(agent, clock.instant()));
        LOG.info("event from {}: {} {}", agent, event.type(), event.sensor());
        for (EventSink sink : eventSinks) {
            stored(() -> sink.accept(agent, sequences.bootOf(agent), event));
        }
    }
}
