package id.jaga.controller.gaps;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every agent's {@link AgentSequence} under one lock: fed in commit order by the ingest writer,
 * checked for expired gaps by a timer, read by {@code /api/health}. Remembers which agents changed
 * since their state was last taken for saving.
 */
public final class GapTracker {
    /** Open gaps kept per agent; past it the oldest is declared lost at once (memory stays bounded). */
    public static final int MAX_OPEN_PER_AGENT = 64;

    private final Duration timeout;
    private final int maxOpen;
    private final Clock clock;
    private final Map<String, AgentSequence> agents = new HashMap<>();
    private final Set<String> changed = new HashSet<>();

    public GapTracker(Duration timeout, int maxOpen, Clock clock) {
        this.timeout = timeout;
        this.maxOpen = maxOpen;
        this.clock = clock;
    }

    /** A message numbered {@code seq} from {@code agent} arrived (telemetry or event, new or again). */
    public synchronized void seen(String agent, long seq) {
        if (sequence(agent).seen(seq, clock.instant())) {
            changed.add(agent);
        }
    }

    /** A birth, with the range its boot skipped (null when none). */
    public synchronized void birth(String agent, long bootSeq, SeqRange skipped) {
        if (sequence(agent).birth(bootSeq, skipped)) {
            changed.add(agent);
        }
    }

    /** Declares lost what has been awaited longer than the timeout, or was pushed out by the cap. */
    public synchronized List<Declaration> expire() {
        List<Declaration> declared = new ArrayList<>();
        java.time.Instant deadline = clock.instant().minus(timeout);
        agents.forEach((agent, sequence) -> {
            Declaration d = sequence.expire(agent, deadline);
            if (d != null) {
                declared.add(d);
                changed.add(agent);
            }
        });
        return declared;
    }

    /** The state of each agent changed since the last call, to be saved; {@link #unsaved} if that fails. */
    synchronized Map<String, AgentSequence.State> takeChanged() {
        Map<String, AgentSequence.State> states = new LinkedHashMap<>();
        changed.forEach(agent -> states.put(agent, agents.get(agent).state()));
        changed.clear();
        return states;
    }

    /** Every agent's state (for a full checkpoint); nothing is left to save after it. */
    synchronized Map<String, AgentSequence.State> takeAll() {
        Map<String, AgentSequence.State> states = new LinkedHashMap<>();
        agents.forEach((agent, sequence) -> states.put(agent, sequence.state()));
        changed.clear();
        return states;
    }

    /** States taken for saving whose transaction did not commit: they are saved with the next one. */
    synchronized void unsaved(Set<String> agentIds) {
        agentIds.stream().filter(agents::containsKey).forEach(changed::add);
    }

    /** States saved before a restart; a newer version wins over an older one. */
    synchronized void restore(Map<String, AgentSequence.State> saved) {
        saved.forEach((agent, state) -> agents.put(agent, AgentSequence.restore(state, maxOpen, clock.instant())));
    }

    private AgentSequence sequence(String agent) {
        return agents.computeIfAbsent(agent, a -> new AgentSequence(maxOpen));
    }

    /** Per agent: what was declared lost so far and what is awaited now, for {@code /api/health}. */
    public synchronized Map<String, Map<String, Object>> view() {
        Map<String, Map<String, Object>> view = new TreeMap<>();
        agents.forEach((agent, sequence) -> {
            AgentSequence.State s = sequence.state();
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("highestSeq", s.highest());
            v.put("missing", s.declaredMissing() + s.dueOrNone().missing());
            v.put("gaps", s.declaredGaps() + s.dueOrNone().gaps());
            v.put("lastGap", s.lastDeclared() == null ? null : s.lastDeclared().toString());
            v.put("awaited", s.open().stream().map(o -> o.range().toString()).toList());
            view.put(agent, v);
        });
        return view;
    }

    /** Gaps awaited now, over all agents. */
    public synchronized int openGaps() {
        return agents.values().stream().mapToInt(AgentSequence::openCount).sum();
    }
}
