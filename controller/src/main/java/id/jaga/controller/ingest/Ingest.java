package id.jaga.controller.ingest;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.CompositeRules;
import id.jaga.controller.alarm.DewPoint;
import id.jaga.controller.alarm.DiscreteRules;
import id.jaga.controller.alarm.Freshness;
import id.jaga.controller.presence.Presence;
import id.jaga.controller.storage.StorageUnavailableException;
import id.jaga.sensors.auth.MessageAuth;
import id.jaga.sensors.driver.check.Range;
import id.jaga.sensors.mqtt.MqttLink.Incoming;
import id.jaga.sensors.wire.AgentEvent;
import id.jaga.sensors.wire.CommandResult;
import id.jaga.sensors.wire.AgentState;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.TelemetryDecoder;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Topics.AgentTopic;
import id.jaga.sensors.wire.Wire;
import id.jaga.sensors.wire.WireException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything agents send enters here: validated against the wire schema and the site file, stored,
 * and judged by the rules. A refused message or reading is counted and logged with its reason and
 * never stops ingest. Each message is judged as it arrives ({@link #judge}); messages are stored in
 * batches, one transaction each ({@link #process}), and the caller acknowledges them once that has
 * returned, so storage commits first.
 */
public final class Ingest {
    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
    /** How far an agent's clock may run ahead of the controller's before its readings are refused. */
    static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(1);
    /**
     * How much older than its agent's queue allows a message may be: the agent's clock may lag the
     * controller's, and a message may wait in the broker's queue besides the agent's.
     */
    static final java.time.Duration REPLAY_MARGIN = java.time.Duration.ofHours(1);

    private final Topics topics;
    /** Each agent's sensors with their limits and state, so that a reading costs one lookup. */
    private final Map<String, Map<String, Target>> sensorsByAgent;
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
    /** Follows each agent's numbering, in the order messages are stored (lost messages, data gaps). */
    private final SequenceFollower follower;
    private final AgentAuthenticator authenticator;
    /** How old a message's own time, or a reading's, may be: the agent's queue age and a margin; older is a replay or a wrong clock. */
    private final Map<String, java.time.Duration> replayWindow;
    /** Each agent's newest accepted birth, so an old one played again cannot pass for a new boot. */
    private final Map<String, Instant> births = new java.util.concurrent.ConcurrentHashMap<>();
    private final Clock clock;
    private final Counter accepted;
    private final Timer judging;
    private final List<Runnable> afterBatch = new CopyOnWriteArrayList<>();
    private final List<EventSink> eventSinks = new CopyOnWriteArrayList<>();
    private final List<Consumer<CommandResult>> resultSinks = new CopyOnWriteArrayList<>();

    public Ingest(SiteConfig site, ReadingStore store, LatestReadings latest, AlarmService alarms, Freshness freshness,
                  CompositeRules composites, Presence presence, Rejections rejections, SequenceGuard sequences,
                  AgentAuthenticator authenticator, MeterRegistry registry, Clock clock) {
        this(site, store, latest, alarms, freshness, composites, presence, rejections, sequences, authenticator,
                SequenceFollower.NONE, registry, clock);
    }

    public Ingest(SiteConfig site, ReadingStore store, LatestReadings latest, AlarmService alarms, Freshness freshness,
                  CompositeRules composites, Presence presence, Rejections rejections, SequenceGuard sequences,
                  AgentAuthenticator authenticator, SequenceFollower follower, MeterRegistry registry, Clock clock) {
        this.follower = follower;
        this.topics = new Topics(site.broker().topicPrefix(), site.site().id());
        this.sensorsByAgent = site.agents().stream().collect(Collectors.toMap(a -> a.id(), a -> new HashMap<>()));
        site.sensors().forEach(p -> sensorsByAgent.get(p.sensor().agent()).put(p.sensor().id(),
                new Target(p, Range.of(p.sensor().kind(), site.boundsFor(p)), alarms.watch(p, site.thresholdsFor(p)),
                        latest.slot(p.sensor().id()))));
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
        this.authenticator = authenticator;
        this.replayWindow = site.agents().stream().collect(Collectors.toMap(a -> a.id(), a -> a.queueMaxAge().plus(REPLAY_MARGIN)));
        this.clock = clock;
        this.accepted = registry.counter("jaga.ingest.readings");
        this.judging = Timer.builder("jaga.rules.evaluation").description("judging one message: thresholds, discrete"
                + " states, dew point").register(registry);
    }

    /** One message on its own: judged, then stored as a batch of one. */
    public void accept(Incoming message) {
        Delivery delivery = receive(message);
        judge(delivery);
        process(new Batch(List.of(delivery)));
    }

    /**
     * One message on its way in: checked and judged by the rules as soon as it arrives, then stored
     * with others in a batch. Each step is done once; after a storage failure the message goes on
     * from the step that failed.
     */
    public static final class Delivery {
        private final Incoming incoming;
        private final Instant receivedAt;
        private ReadingStore.Message accepted;
        /** The sensor of each accepted reading, in order. */
        private List<Target> targets;
        private boolean checked;
        private boolean judged;
        /** The agent of an authentic numbered message or birth; null for anything else. */
        private String agent;
        /** The number of an authentic telemetry message or event, -1 for others. */
        private long seq = -1;
        /** An authentic birth or death. */
        private AgentState state;

        private Delivery(Incoming incoming, Instant receivedAt) {
            this.incoming = incoming;
            this.receivedAt = receivedAt;
        }

        public Incoming incoming() {
            return incoming;
        }

        public boolean judged() {
            return judged;
        }
    }

    /** Deliveries stored together in one transaction. */
    public static final class Batch {
        private final List<Delivery> deliveries;
        private boolean stored;

        public Batch(List<Delivery> deliveries) {
            this.deliveries = List.copyOf(deliveries);
        }
    }

    /** A message has arrived: nothing is done with it yet. */
    public Delivery receive(Incoming message) {
        return new Delivery(message, clock.instant());
    }

    /**
     * Checks a message against the wire schema and the site file, then judges its readings by the
     * rules; throws {@link StorageUnavailableException} when storage is unavailable (any other
     * exception is a bug in a rule or a sink).
     * <p>
     * This runs before the readings are stored, so an alarm does not wait behind the storage
     * backlog. It is safe because the message is acknowledged only after its readings commit:
     * if the controller dies in between, the broker delivers the message again, its readings are
     * stored then, and judging them again finds the alarm they raised already standing (a repeat,
     * not a second alarm). An alarm is thus never raised from a reading that is then lost.
     */
    public void judge(Delivery d) {
        long changesBefore = alarms.changes();
        if (!d.checked) {
            check(d);
            d.checked = true;
        }
        if (!d.judged) {
            if (d.accepted != null) {
                stored(() -> judge(d.accepted, d.targets));
            }
            d.judged = true;
        }
        if (alarms.changes() != changesBefore) { // what composites and failover see has changed: at once, not per batch
            stored(composites::evaluate);
            afterBatch.forEach(Runnable::run);
        }
    }

    /**
     * Stores a batch of deliveries in one transaction, judging first any the rules could not judge on
     * arrival; throws {@link StorageUnavailableException} when storage is unavailable. The caller
     * acknowledges the messages once this returns, so storage commits first.
     */
    public void process(Batch batch) {
        for (Delivery d : batch.deliveries) {
            judge(d);
        }
        List<ReadingStore.Message> messages = batch.deliveries.stream().map(d -> d.accepted).filter(a -> a != null).toList();
        if (!batch.stored) {
            batch.deliveries.forEach(this::follow); // again after a failed attempt: following is idempotent
            try {
                stored(() -> store.insert(messages, follower::saveIn));
            } catch (StorageUnavailableException e) {
                follower.notSaved();
                throw e;
            }
            messages.forEach(m -> {
                sequences.stored(m.agent(), m.seq());
                accepted.increment(m.readings().size());
            });
            batch.stored = true;
        }
        stored(composites::evaluate); // a sensor's value may have changed what a composite sees
        afterBatch.forEach(Runnable::run);
    }

    private void follow(Delivery d) {
        if (d.agent == null) {
            return;
        }
        if (d.seq >= 0) {
            follower.seen(d.agent, d.seq);
        } else if (d.state != null && d.state.status() == AgentState.Status.ONLINE) {
            follower.birth(d.agent, d.state.bootSeq(), d.state.skipped());
        }
    }

    /** A batch that will not be stored (a bug, logged by the caller): its messages are no longer on their way. */
    public void abandon(Batch batch) {
        batch.deliveries.stream().map(d -> d.accepted).filter(a -> a != null).forEach(m -> sequences.stored(m.agent(), m.seq()));
        follower.notSaved(); // what the follower wrote for it may not have committed: written again with the next batch
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

    /**
     * Runs after each stored batch, and as soon as a message changed an alarm: e.g. failover looking at
     * its triggers at once rather than on its timer.
     */
    public void afterEachBatch(Runnable hook) {
        afterBatch.add(hook);
    }

    private void judge(ReadingStore.Message m, List<Target> targets) throws SQLException {
        Timer.Sample started = Timer.start();
        try {
            for (int i = 0; i < targets.size(); i++) {
                Reading r = m.readings().get(i);
                Target target = targets.get(i);
                latest.offer(target.latest(), r);
                alarms.evaluate(target.watch(), r);
                discrete.evaluate(target.placed(), r);
                freshness.reading(r);
                dewPoint.reading(r);
            }
        } finally {
            started.stop(judging);
        }
    }

    /** A reading refused: the reason it is counted by, and for the log what exactly is wrong (or null). */
    private record Refused(Reading reading, String problem, String detail) {
    }

    /**
     * A sensor of the site file, the values it may report, how the threshold rules watch it, and
     * where its newest reading is kept.
     */
    private record Target(PlacedSensor placed, Range bounds, AlarmService.Watch watch, LatestReadings.Slot latest) {
    }

    /** Sets the valid readings of a telemetry message (and their sensors), or leaves null when it has none (or is another kind of message). */
    private void check(Delivery d) {
        Incoming message = d.incoming;
        Instant now = d.receivedAt;
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
        // Before anything reads the payload: only what the agent's own key proves reaches a rule, the store or the audit log.
        MessageAuth.Verdict verdict = authenticator.verify(agent, message);
        if (!verdict.authentic()) {
            rejections.reject(verdict.failure().reason(), agent, topic.get().channel() + " message: " + verdict.detail());
            return;
        }
        try {
            switch (topic.get().channel()) {
                case Topics.TELEMETRY -> {
                    TelemetryDecoder.Decoded decoded = TelemetryDecoder.decode(message.payload());
                    if (fresh(agent, "telemetry", decoded.telemetry().ts(), now)) {
                        telemetry(d, agent, decoded, now);
                    }
                }
                case Topics.STATE -> {
                    AgentState state = Wire.decode(message.payload(), AgentState.class);
                    if (state(agent, state, message.retained(), now)) {
                        d.agent = agent;
                        d.state = state;
                    }
                }
                case Topics.EVENT -> {
                    AgentEvent event = Wire.decode(message.payload(), AgentEvent.class);
                    if (fresh(agent, "event", event.ts(), now) && event(agent, event)) {
                        d.agent = agent;
                        d.seq = event.seq();
                    }
                }
                case Topics.CMD_RESULT -> {
                    CommandResult result = Wire.decode(message.payload(), CommandResult.class);
                    if (fresh(agent, "command result", result.ts(), now)) {
                        result(agent, result);
                    }
                }
                default -> rejections.reject("unknown-topic", message.topic(), "no such agent channel");
            }
        } catch (WireException e) {
            rejections.reject(e.reason(), agent, e.getMessage());
        }
    }

    /**
     * An authentic message built longer ago than its agent's queue keeps anything is a recording
     * played again, not a delivery: refused as {@code stale-signature}.
     */
    private boolean fresh(String agent, String kind, Instant built, Instant now) {
        if (built != null && built.isBefore(now.minus(replayWindow.get(agent)))) {
            rejections.reject("stale-signature", agent, kind + " built at " + built + ", older than the agent's queue keeps"
                    + " messages (" + replayWindow.get(agent) + " with margin): a replay");
            return false;
        }
        return true;
    }

    private void telemetry(Delivery d, String agent, TelemetryDecoder.Decoded decoded, Instant now) {
        Telemetry t = decoded.telemetry();
        if (!agent.equals(t.agent())) {
            rejections.reject("agent-mismatch", agent, "telemetry on " + agent + "'s topic claims to be from " + t.agent());
            return;
        }
        stored(() -> presence.heard(agent, now));
        d.agent = agent;
        d.seq = t.seq(); // a heartbeat, a duplicate or a message of refused readings still arrived: no gap
        if (t.readings().isEmpty()) {
            return; // a heartbeat
        }
        Map<String, Target> own = sensorsByAgent.get(agent);
        List<Reading> valid = new ArrayList<>(t.readings().size());
        List<Target> targets = new ArrayList<>(t.readings().size());
        List<Refused> refused = new ArrayList<>(0);
        Instant oldest = now.minus(replayWindow.get(agent)); // as old as a message may be, a reading in it may be
        Instant earliest = t.readings().get(0).ts();
        Instant latest = earliest;
        for (Reading r : t.readings()) {
            Target target = own.get(r.sensor());
            Refused problem = target == null ? new Refused(r, "unknown-sensor", null) : problem(target, r, now, oldest);
            if (problem != null) {
                refused.add(problem);
            } else {
                valid.add(r);
                targets.add(target);
            }
            earliest = r.ts().isBefore(earliest) ? r.ts() : earliest;
            latest = r.ts().isAfter(latest) ? r.ts() : latest;
        }
        Instant from = earliest;
        Instant to = latest;
        // Nothing usable is stored nor taken as the agent's newest, so a bad message cannot mask good ones.
        if (!valid.isEmpty() && !stored(() -> sequences.admit(agent, t.seq(), from, to))) {
            rejections.reject("duplicate", agent, "telemetry " + t.seq() + " was already stored (a redelivery)");
            return;
        }
        for (Refused r : refused) {
            rejections.reject(r.problem(), agent, "reading of '" + r.reading().sensor() + "' in message " + t.seq() + ": "
                    + r.problem() + (r.detail() != null ? " (" + r.detail() + ")"
                    : r.reading().value() != null ? " (value " + r.reading().value() + ")" : "") + ", at " + r.reading().ts());
        }
        if (valid.isEmpty()) {
            return;
        }
        byte[] asSent = valid.size() == t.readings().size() ? decoded.readingsAsSent() : null;
        d.accepted = asSent != null ? new ReadingStore.Message(agent, t.seq(), now, valid, asSent)
                : new ReadingStore.Message(agent, t.seq(), now, valid);
        d.targets = targets;
    }

    /**
     * Runs a step that uses the database; if storage fails, the batch stays unacknowledged and is
     * tried again. Only an {@link SQLException} means that: whatever else a step throws is a bug.
     */
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
            throw new StorageUnavailableException(e);
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

    /** Why a reading must not reach a rule or the store, or null when it may. */
    private static Refused problem(Target target, Reading r, Instant now, Instant oldest) {
        if (!target.placed().sensor().unit().equals(r.unit())) {
            return new Refused(r, "unit-mismatch", null);
        }
        boolean numeric = target.placed().sensor().kind().isNumeric();
        if (r.value() != null && !numeric || r.text() != null && numeric) {
            return new Refused(r, "wrong-value-type", null);
        }
        if (r.value() != null && !target.bounds().contains(r.value())) {
            // e.g. -300 C or 1e308 C: no sensor measures that, so it must not become data
            Range bounds = target.bounds();
            return new Refused(r, "out-of-range", "value " + r.value() + " " + r.unit() + (bounds.twoStates()
                    ? ", not " + bounds.describe() : " outside " + bounds.describe() + " " + r.unit()));
        }
        if (r.ts().isAfter(now.plus(CLOCK_SKEW))) {
            return new Refused(r, "future-timestamp", null);
        }
        if (r.ts().isBefore(oldest)) {
            // e.g. 1970: a clock never set, or an old message played again; no agent's queue keeps it this long
            return new Refused(r, "too-old", "before " + oldest + ": older than the agent's queueMaxAge plus "
                    + REPLAY_MARGIN.toHours() + " h");
        }
        return null;
    }

    /** True when the state was accepted. */
    private boolean state(String agent, AgentState state, boolean retained, Instant now) {
        if (!agent.equals(state.agent())) {
            rejections.reject("agent-mismatch", agent, "state on " + agent + "'s topic claims to be from " + state.agent());
            return false;
        }
        if (state.ts() != null) { // a birth; the death (the broker's last will) has no time of its own
            Instant newest = births.get(agent);
            // The broker keeps a birth for as long as the agent stays connected, weeks maybe: only a live one must be recent.
            if (!retained && !fresh(agent, "birth", state.ts(), now)) {
                return false;
            }
            if (newest != null && state.ts().isBefore(newest)) {
                rejections.reject("stale-signature", agent, "birth built at " + state.ts() + ", before the birth already"
                        + " accepted (" + newest + "): an old birth played again");
                return false;
            }
            births.put(agent, state.ts());
        }
        stored(() -> {
            presence.state(state, clock.instant());
            sequences.boot(agent, state.bootSeq(), clock.instant());
        });
        LOG.info("agent {} is {} (boot {})", agent, state.status().wire(), state.bootSeq());
        return true;
    }

    private void result(String agent, CommandResult result) {
        if (!agent.equals(result.agent())) {
            rejections.reject("agent-mismatch", agent, "command result on " + agent + "'s topic claims to be from " + result.agent());
            return;
        }
        stored(() -> presence.heard(agent, clock.instant()));
        resultSinks.forEach(sink -> sink.accept(result));
    }

    /** True when the event was accepted. */
    private boolean event(String agent, AgentEvent event) {
        if (!agent.equals(event.agent())) {
            rejections.reject("agent-mismatch", agent, "event on " + agent + "'s topic claims to be from " + event.agent());
            return false;
        }
        stored(() -> presence.heard(agent, clock.instant()));
        LOG.info("event from {}: {} {}", agent, event.type(), event.sensor());
        for (EventSink sink : eventSinks) {
            stored(() -> sink.accept(agent, sequences.bootOf(agent), event));
        }
        return true;
    }
}
