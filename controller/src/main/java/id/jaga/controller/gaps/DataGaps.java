package id.jaga.controller.gaps;

import id.jaga.config.AlarmTypes;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.ingest.SequenceFollower;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.wire.AgentState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lost messages are detected, not assumed away: each agent's sequence is followed as messages are
 * stored, and numbers still missing after {@code controller.gapTimeout} are counted
 * ({@code jaga.ingest.gaps}, {@code jaga.ingest.messages.missing}), shown on {@code /api/health}
 * and raised as a MAJOR {@value #TYPE} alarm on the agent naming the missing range.
 * <p>
 * The alarm is latched: a loss is over the moment it is found, but its record is not, so the alarm
 * stays active, waiting for an operator to acknowledge and reset it (as smoke does); a later loss
 * while it waits retriggers it with the new range.
 */
public final class DataGaps implements SequenceFollower {
    public static final String TYPE = AlarmTypes.DATA_GAP;
    private static final Logger LOG = LoggerFactory.getLogger(DataGaps.class);

    private final GapTracker tracker;
    private final GapStore store;
    private final AlarmService alarms;
    private final MeterRegistry registry;
    /** What the last {@link #saveIn} wrote, until its transaction is known to have committed. */
    private Set<String> unconfirmed = Set.of();
    /**
     * Taking states and writing them happen together, for the writer and the timer alike: a full
     * checkpoint then deletes only rows older than what it took, never a newer state the timer wrote.
     */
    private final Object saving = new Object();

    public DataGaps(SiteConfig site, Database db, AlarmService alarms, MeterRegistry registry, Clock clock) throws SQLException {
        this.tracker = new GapTracker(site.controller().gapTimeout(), GapTracker.MAX_OPEN_PER_AGENT, clock);
        this.store = new GapStore(db);
        this.alarms = alarms;
        this.registry = registry;
        Map<String, AgentSequence.State> saved = store.load();
        saved.keySet().retainAll(site.agents().stream().map(a -> a.id()).collect(Collectors.toSet())); // an agent gone from the site file is no longer followed
        tracker.restore(saved);
        Gauge.builder("jaga.ingest.gaps.open", tracker, GapTracker::openGaps)
                .description("gaps in agents' sequences still awaited (not yet past controller.gapTimeout)").register(registry);
    }

    @Override
    public void seen(String agent, long seq) {
        tracker.seen(agent, seq);
    }

    @Override
    public void birth(String agent, long bootSeq, AgentState.Skipped skipped) {
        tracker.birth(agent, bootSeq, skipped == null ? null : new SeqRange(skipped.from(), skipped.to()));
    }

    @Override
    public void saveIn(Connection c) throws SQLException {
        synchronized (saving) {
            boolean full = store.fullDue();
            Map<String, AgentSequence.State> states = full ? tracker.takeAll() : tracker.takeChanged();
            unconfirmed = states.keySet();
            store.write(c, states, full);
        }
    }

    @Override
    public void notSaved() {
        tracker.unsaved(unconfirmed);
    }

    /**
     * Declares lost what has waited past the timeout: counted, logged, alarmed, saved. Run often
     * (the presence timer): a gap is declared within one period after its timeout.
     */
    public void check() throws SQLException {
        for (Declaration d : tracker.expire()) {
            Counter.builder("jaga.ingest.gaps").description("gaps in an agent's sequence that were never filled")
                    .tag("agent", d.agent()).register(registry).increment(d.gaps());
            Counter.builder("jaga.ingest.messages.missing").description("agent messages that never arrived")
                    .tag("agent", d.agent()).register(registry).increment(d.missing());
            LOG.warn("{}", d.message());
            alarms.condition(d.agent(), TYPE, Severity.MAJOR, d.message(), (double) d.missing(), "messages", true);
            alarms.condition(d.agent(), TYPE, null, d.message(), (double) d.missing(), "messages", true); // over, not forgotten
        }
        synchronized (saving) {
            Map<String, AgentSequence.State> changed = tracker.takeChanged();
            try {
                store.writeAlone(changed);
            } catch (SQLException e) {
                tracker.unsaved(changed.keySet());
                throw e;
            }
        }
    }

    /** Per agent: messages declared lost so far, gaps, the last one, and the ranges awaited now. */
    public Map<String, Map<String, Object>> health() {
        return tracker.view();
    }
}
