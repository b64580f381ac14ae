package id.jaga.controller.failover;

import id.jaga.config.AlarmTypes;
import id.jaga.config.DrcAction;
import id.jaga.config.DrcSite;
import id.jaga.config.FailoverPolicy;
import id.jaga.config.FailoverPolicy.Trigger;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.controller.Pace;
import id.jaga.controller.alarm.Alarm;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.Conditions;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.mqtt.MqttLink;
import id.jaga.sensors.wire.FailoverState;
import id.jaga.sensors.wire.Wire;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides and carries out failover to a DRC and the way back:
 * NORMAL -> AT_RISK (a trigger holds, waiting out its confirmation delay, then perhaps an operator)
 * -> FAILING_OVER -> ON_DRC -> FAILING_BACK -> NORMAL, with CANCELLED and FAILED outcomes. Every
 * transition is committed, with who or what decided and why, before anyone is told. Actions run on
 * a thread of their own, one attempt at a time; each step is recorded before and after it runs, so
 * a controller restarted mid-attempt goes on with the steps not yet done instead of repeating the
 * finished ones. Only the controller holding the database lease acts.
 */
public final class Failover implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Failover.class);
    static final String LEASE = "failover";
    static final Duration LEASE_TTL = Duration.ofSeconds(30);
    public static final String FAILED_ALARM = AlarmTypes.FAILOVER_FAILED;
    public static final String FAILBACK_FAILED_ALARM = AlarmTypes.FAILBACK_FAILED;

    public enum State { NORMAL, AT_RISK, FAILING_OVER, ON_DRC, FAILING_BACK, CANCELLED, FAILED }

    /** Hears every committed transition. */
    @FunctionalInterface
    public interface Listener {
        void transitioned(FailoverState transition);
    }

    private final SiteConfig site;
    private final FailoverPolicy policy;
    private final FailoverStore store;
    private final DrcProbes probes;
    private final ActionRunner runner;
    private final Conditions conditions;
    private final AlarmService alarms;
    private final Listener listener;
    private final Clock clock;
    private final String holder;
    private final ExecutorService actions = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "failover-actions");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "failover");
        t.setDaemon(true);
        return t;
    });
    private Current current;
    private boolean leaseHeld;
    private Instant leaseCheckedAt = Instant.EPOCH;
    private boolean resumePending;
    private Instant healthySince;

    public Failover(SiteConfig site, Database db, DrcProbes probes, MqttLink mqtt, Conditions conditions, AlarmService alarms,
                    Listener listener, Clock clock) throws SQLException {
        this.site = site;
        this.policy = site.failover();
        this.store = new FailoverStore(db);
        this.probes = probes;
        this.runner = new ActionRunner(mqtt);
        this.conditions = conditions;
        this.alarms = alarms;
        this.listener = listener;
        this.clock = clock;
        this.holder = "controller-" + UUID.randomUUID();
        this.current = store.load().orElse(Current.normal(clock.instant()));
        this.resumePending = current.state() == State.FAILING_OVER || current.state() == State.FAILING_BACK;
    }

    /** Evaluates every 100 ms of the clock, besides after each ingest batch. */
    public Failover start(Pace pace) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                evaluate();
            } catch (RuntimeException e) {
                LOG.error("failover evaluation failed", e);
            }
        }, 0, pace.wallMillis(Duration.ofMillis(100)), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Looks at the triggers and deadlines and moves the state machine on; cheap enough to call after every batch. */
    public synchronized void evaluate() {
        if (site.drcSites().isEmpty() || !lease()) {
            return;
        }
        try {
            if (resumePending) {
                resume();
            }
            Instant now = clock.instant();
            switch (current.state()) {
                case NORMAL -> {
                    Optional<Trigger> t = holding();
                    if (t.isPresent()) {
                        atRisk(t.get(), now);
                    }
                }
                case AT_RISK -> atRisk(now);
                case ON_DRC -> onDrc(now);
                default -> { }
            }
        } catch (SQLException e) {
            LOG.error("failover state cannot be stored: {}", e.getMessage());
        }
    }

    // ---- operator decisions -------------------------------------------------------------------

    /** Approves a failover awaiting approval, or retries one that FAILED. */
    public synchronized void approve(String user) throws FailoverException, SQLException {
        leader();
        if (current.state() == State.AT_RISK && current.approvalDeadline() != null || current.state() == State.FAILED) {
            beginFailover("operator:" + user, current.trigger(), false, "approved by " + user);
        } else {
            throw new FailoverException("conflict", "nothing awaits approval (state " + current.state() + ")");
        }
    }

    /** Cancels a pending failover, or acknowledges a FAILED one and returns to NORMAL. */
    public synchronized void cancel(String user) throws FailoverException, SQLException {
        leader();
        if (current.state() == State.AT_RISK) {
            cancelled("operator:" + user, "cancelled by " + user);
        } else if (current.state() == State.FAILED) {
            alarms.condition(site.site().id(), FAILED_ALARM, null, null, null);
            transition(Current.normal(clock.instant()).to(State.NORMAL, "operator:" + user, clock.instant()),
                    "failure acknowledged by " + user + "; the data center stays in service");
        } else {
            throw new FailoverException("conflict", "nothing to cancel in state " + current.state()
                    + (current.state() == State.FAILING_OVER ? ": an attempt under way is never stopped midway" : ""));
        }
    }

    /** An operator's own decision to fail over now. */
    public synchronized void start(String user, String reason) throws FailoverException, SQLException {
        leader();
        if (current.state() != State.NORMAL && current.state() != State.AT_RISK && current.state() != State.FAILED) {
            throw new FailoverException("conflict", "cannot start a failover in state " + current.state());
        }
        beginFailover("operator:" + user, "manual", false, "manual failover by " + user + ": " + reason);
    }

    /** Runs the whole failover and failback as a drill: recorded and published, every action a dry run. */
    public synchronized void drill(String user) throws FailoverException, SQLException {
        leader();
        if (current.state() != State.NORMAL) {
            throw new FailoverException("conflict", "a drill starts from NORMAL, not " + current.state());
        }
        beginFailover("operator:" + user, "drill", true, "drill started by " + user);
    }

    /** Returns service from the DRC, once the data center has been healthy long enough. */
    public synchronized void failback(String user) throws FailoverException, SQLException {
        leader();
        if (current.state() != State.ON_DRC) {
            throw new FailoverException("conflict", "not on a DRC (state " + current.state() + ")");
        }
        Instant now = clock.instant();
        Duration healthy = healthySince == null ? Duration.ZERO : Duration.between(healthySince, now);
        if (healthy.compareTo(policy.failbackAfter()) < 0) {
            throw new FailoverException("conflict", "the data center has been healthy for " + healthy.toSeconds() + " s of the "
                    + policy.failbackAfter().toSeconds() + " s required before failback"
                    + (healthySince == null ? "; a trigger still holds: " + holding().map(Trigger::id).orElse("?") : ""));
        }
        beginFailback("operator:" + user, "failback by " + user + " after " + healthy.toSeconds() + " s healthy");
    }

    // ---- the state machine ---------------------------------------------------------------------

    private Optional<Trigger> holding() {
        List<Alarm> active = alarms.activeAlarms();
        return policy.triggers().stream().filter(t -> conditions.hold(t.all(), t.any(), t.room(), active)).findFirst();
    }

    private void atRisk(Trigger t, Instant now) throws SQLException {
        Current next = new Current(State.AT_RISK, t.id(), null, "trigger:" + t.id(), null, false, now, now,
                now.plus(t.confirmFor()), null);
        transition(next, "trigger " + t.id() + " holds: " + explain(t) + "; confirming for " + t.confirmFor().toSeconds() + " s");
        atRisk(now);
    }

    private void atRisk(Instant now) throws SQLException {
        Optional<Trigger> trigger = policy.triggers().stream().filter(t -> t.id().equals(current.trigger())).findFirst();
        if (trigger.isEmpty()) { // the site file changed under a pending trigger
            cancelled("controller", "trigger " + current.trigger() + " is no longer in the site file");
            return;
        }
        Trigger t = trigger.get();
        if (!conditions.hold(t.all(), t.any(), t.room(), alarms.activeAlarms())) {
            cancelled("trigger:" + t.id(), "the condition of " + t.id() + " cleared after "
                    + Duration.between(current.conditionSince(), now).toSeconds() + " s, within its confirmation delay");
        } else if (current.approvalDeadline() == null && !now.isBefore(current.confirmUntil())) {
            boolean drillMode = FailoverPolicy.DRILL.equals(policy.mode());
            String decide = drillMode ? FailoverPolicy.AUTOMATIC : t.decide() != null ? t.decide() : policy.mode();
            String why = "confirmed after " + Duration.between(current.conditionSince(), now).toSeconds() + " s: " + explain(t);
            if (FailoverPolicy.AUTOMATIC.equals(decide)) {
                beginFailover("policy:" + t.id(), t.id(), drillMode, why);
            } else {
                Instant deadline = now.plus(policy.approvalWindow());
                transition(current.awaiting(deadline).to(State.AT_RISK, "trigger:" + t.id(), now),
                        why + "; awaiting an operator's approval until " + deadline + " (then: " + policy.onApprovalTimeout() + ")");
            }
        } else if (current.approvalDeadline() != null && !now.isBefore(current.approvalDeadline())) {
            if ("failover".equals(policy.onApprovalTimeout())) {
                beginFailover("policy:approval-timeout", t.id(), false, "no operator answered within "
                        + policy.approvalWindow().toSeconds() + " s: " + explain(t));
            } else {
                cancelled("policy:approval-timeout", "no operator answered within " + policy.approvalWindow().toSeconds() + " s");
            }
        }
    }

    private void onDrc(Instant now) throws SQLException {
        if (holding().isPresent()) {
            healthySince = null;
            return;
        }
        if (healthySince == null) {
            healthySince = now;
        }
        if (policy.autoFailback() && !current.drill() && !now.isBefore(healthySince.plus(policy.failbackAfter()))) {
            beginFailback("policy:auto-failback", "the data center has been healthy for " + policy.failbackAfter().toSeconds() + " s");
        }
    }

    private void cancelled(String decider, String why) throws SQLException {
        Instant now = clock.instant();
        transition(current.to(State.CANCELLED, decider, now), why);
        transition(Current.normal(now).to(State.NORMAL, decider, now), "back to normal");
    }

    private void beginFailover(String decider, String trigger, boolean drill, String why) throws SQLException {
        Instant now = clock.instant();
        Instant conditionSince = current.conditionSince() != null && trigger.equals(current.trigger()) ? current.conditionSince() : now;
        Current next = new Current(State.FAILING_OVER, trigger, null, decider, UUID.randomUUID().toString(), drill, now,
                conditionSince, null, null);
        transition(next, why + "; time to decide " + Duration.between(conditionSince, now).toMillis() + " ms");
        Current attempt = current;
        actions.submit(() -> runFailover(attempt));
    }

    private void beginFailback(String decider, String why) throws SQLException {
        Instant now = clock.instant();
        Current next = new Current(State.FAILING_BACK, current.trigger(), current.drc(), decider, UUID.randomUUID().toString(),
                current.drill(), now, null, null, null);
        transition(next, why);
        Current attempt = current;
        actions.submit(() -> runFailback(attempt));
    }

    /** After a restart mid-attempt: goes on with it, steps already done are not repeated. */
    private void resume() throws SQLException {
        resumePending = false;
        Current attempt = current;
        transition(current.to(current.state(), "controller", clock.instant()), "controller restarted during " + current.state()
                + "; resuming attempt " + current.attempt() + " (finished steps are not repeated, an interrupted one runs again"
                + " with the same idempotency key)");
        actions.submit(() -> attempt.state() == State.FAILING_OVER ? runFailover(attempt) : runFailback(attempt));
    }

    // ---- actions (on the actions thread) -------------------------------------------------------

    private Void runFailover(Current attempt) {
        long started = System.nanoTime();
        StringBuilder why = new StringBuilder();
        List<DrcSite> byPriority = site.drcSites().stream().sorted(Comparator.comparing(DrcSite::priority)).toList();
        for (DrcSite drc : byPriority) {
            DrcProbes.Health h = probes.last(drc.id());
            if (h == null || !h.healthy()) {
                why.append(drc.id()).append(" skipped: ").append(h == null ? "not probed yet"
                        : "unhealthy at " + h.at() + " (" + h.error() + ")").append("; ");
                continue;
            }
            Steps result = steps(attempt, drc, "failover", drc.failover());
            why.append(drc.id()).append(result.ok() ? " chosen" : " failed").append(": ").append(result.summary()).append("; ");
            if (result.ok()) {
                finished(attempt, State.ON_DRC, drc.id(), why + timings(attempt, started));
                return null;
            }
        }
        finished(attempt, State.FAILED, null, why + "no DRC could take over; " + timings(attempt, started));
        return null;
    }

    private Void runFailback(Current attempt) {
        long started = System.nanoTime();
        Optional<DrcSite> drc = site.drcSites().stream().filter(d -> d.id().equals(attempt.drc())).findFirst();
        Steps result = drc.isEmpty() ? new Steps(false, "DRC " + attempt.drc() + " is no longer in the site file")
                : steps(attempt, drc.get(), "failback", drc.get().failback());
        String why = "failback from " + attempt.drc() + ": " + result.summary() + "; act "
                + (System.nanoTime() - started) / 1_000_000 + " ms";
        finished(attempt, result.ok() ? State.NORMAL : State.ON_DRC, result.ok() ? null : attempt.drc(), why);
        return null;
    }

    private String timings(Current attempt, long startedNanos) {
        long act = (System.nanoTime() - startedNanos) / 1_000_000;
        Instant now = clock.instant();
        return "decide " + Duration.between(attempt.conditionSince(), attempt.since()).toMillis() + " ms, act " + act
                + " ms, total " + Duration.between(attempt.conditionSince(), now).toMillis() + " ms";
    }

    private record Steps(boolean ok, String summary) {
    }

    private Steps steps(Current attempt, DrcSite drc, String phase, List<DrcAction> steps) {
        ActionRunner.Context ctx = new ActionRunner.Context(site.site().id(), drc.id(), attempt.trigger(), attempt.attempt(),
                attempt.drill());
        List<String> summary = new ArrayList<>();
        try {
            Map<Integer, String> before = store.steps(attempt.attempt(), drc.id(), phase);
            for (int i = 0; i < steps.size(); i++) {
                DrcAction step = steps.get(i);
                if ("done".equals(before.get(i))) {
                    summary.add(step.describe() + " already done");
                    continue;
                }
                long t0 = System.nanoTime();
                store.stepStarted(attempt.attempt(), drc.id(), phase, i, step.describe(), clock.instant());
                try {
                    String output = runner.run(step, ctx);
                    store.stepFinished(attempt.attempt(), drc.id(), phase, i, null, output, clock.instant());
                    summary.add(step.describe() + (attempt.drill() ? " (dry run) " : " ") + (System.nanoTime() - t0) / 1_000_000 + " ms");
                } catch (Exception e) {
                    String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    String output = e instanceof ActionRunner.StepFailedException failed ? failed.output() : null;
                    store.stepFinished(attempt.attempt(), drc.id(), phase, i, error, output, clock.instant());
                    LOG.error("{} step {} ({}) for {} failed: {}", phase, i + 1, step.describe(), drc.id(), error);
                    summary.add(step.describe() + " FAILED: " + error);
                    return new Steps(false, String.join("; ", summary));
                }
            }
            return new Steps(true, steps.size() + " of " + steps.size() + " steps done (" + String.join("; ", summary) + ")");
        } catch (SQLException e) {
            summary.add("cannot record the steps: " + e.getMessage());
            return new Steps(false, String.join("; ", summary));
        }
    }

    private synchronized void finished(Current attempt, State outcome, String drc, String why) {
        try {
            Instant now = clock.instant();
            Current next = attempt.withDrc(drc).to(outcome, attempt.decidedBy(), now);
            if (outcome == State.NORMAL) {
                next = new Current(State.NORMAL, attempt.trigger(), attempt.drc(), attempt.decidedBy(), attempt.attempt(),
                        attempt.drill(), now, null, null, null);
            }
            transition(next, why);
            String source = site.site().id();
            if (outcome == State.FAILED) {
                alarms.condition(source, FAILED_ALARM, Severity.CRITICAL, "failover failed: " + why, null);
            } else if (outcome == State.ON_DRC && attempt.state() == State.FAILING_BACK) {
                alarms.condition(source, FAILBACK_FAILED_ALARM, Severity.CRITICAL, "failback failed, service stays on " + drc
                        + ": " + why, null);
            } else {
                alarms.condition(source, FAILED_ALARM, null, null, null);
                alarms.condition(source, FAILBACK_FAILED_ALARM, null, null, null);
            }
            healthySince = null;
            if (outcome == State.ON_DRC && attempt.drill() && attempt.state() == State.FAILING_OVER) {
                beginFailback(attempt.decidedBy(), "drill: back at once");
            }
        } catch (SQLException e) {
            LOG.error("cannot record the end of attempt {}: {}", attempt.attempt(), e.getMessage());
        }
    }

    // ---- recording and telling -----------------------------------------------------------------

    private void transition(Current next, String detail) throws SQLException {
        State previous = current.state();
        store.transition(next, previous, detail);
        current = next;
        LOG.info("failover {} -> {}{}{} ({}): {}", previous, next.state(), next.drc() == null ? "" : " " + next.drc(),
                next.drill() ? " [drill]" : "", next.decidedBy(), detail);
        listener.transitioned(new FailoverState(Wire.SCHEMA, site.site().id(), next.state().name(), previous.name(), next.drc(),
                next.trigger(), next.decidedBy(), next.since(), next.attempt(), next.drill() ? Boolean.TRUE : null,
                next.approvalDeadline(), detail));
    }

    private String explain(Trigger t) {
        List<Alarm> active = alarms.activeAlarms();
        return (t.all().isEmpty() ? t.any() : t.all()).stream().map(c -> conditions.explain(c, t.room(), active))
                .collect(Collectors.joining("; "));
    }

    private boolean lease() {
        Instant now = clock.instant();
        if (Duration.between(leaseCheckedAt, now).compareTo(LEASE_TTL.dividedBy(3)) >= 0) {
            try {
                boolean held = store.lease(LEASE, holder, LEASE_TTL, now);
                if (held != leaseHeld) {
                    LOG.info(held ? "this controller drives failover" : "another controller drives failover; standing by");
                }
                leaseHeld = held;
            } catch (SQLException e) {
                LOG.error("cannot renew the failover lease: {}", e.getMessage());
                leaseHeld = false;
            }
            leaseCheckedAt = now;
        }
        return leaseHeld;
    }

    private void leader() throws FailoverException {
        if (site.drcSites().isEmpty()) {
            throw new FailoverException("conflict", "this site has no DRC sites");
        }
        if (!lease()) {
            throw new FailoverException("not-leader", "another controller holds the failover lease");
        }
    }

    // ---- for the API ---------------------------------------------------------------------------

    /** The current state as published. */
    public synchronized FailoverState state() {
        return new FailoverState(Wire.SCHEMA, site.site().id(), current.state().name(), null, current.drc(), current.trigger(),
                current.decidedBy(), current.since(), current.attempt(), current.drill() ? Boolean.TRUE : null,
                current.approvalDeadline(), null);
    }

    public List<FailoverStore.Event> history(int limit) throws SQLException {
        return store.history(limit);
    }

    public Map<String, DrcProbes.Health> drcHealth() {
        return probes.snapshot();
    }

    /** Waits until attempts under way have finished; for shutdown. */
    @Override
    public void close() {
        timer.shutdownNow();
        actions.shutdown();
        try {
            actions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        actions.shutdownNow();
    }
}
