package id.jaga.controller.gaps;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the controller knows of one agent's sequence (telemetry and events share it): the highest
 * number seen, the gaps below it still awaited (one range each, opened when a higher number came),
 * the ranges the agent announced as skipped by a restart, and what was declared lost. A number
 * that arrives late fills its gap, splitting it when it falls inside. Not thread-safe: the
 * {@link GapTracker} holds the lock.
 */
final class AgentSequence {
    /** Restarts remembered: their announced ranges are taken out of gaps found later. */
    static final int SKIPS_KEPT = 4;

    private final int maxOpen;
    private Long boot;
    /** Null until a first number is seen: that one sets the baseline, nothing below it is awaited. */
    private Long highest;
    private final TreeMap<Long, Open> open = new TreeMap<>();
    private final Deque<SeqRange> skips = new ArrayDeque<>();
    /** Gaps pushed out by the cap, declared at the next check. */
    private final Declaration.Builder due = new Declaration.Builder();
    private long declaredGaps;
    private long declaredMissing;
    private SeqRange lastDeclared;
    private long version;

    AgentSequence(int maxOpen) {
        this.maxOpen = maxOpen;
    }

    /** An awaited range, and when it was found missing. */
    record Open(long from, long to, long openedAtMillis) {
        SeqRange range() {
            return new SeqRange(from, to);
        }

        static Open of(SeqRange r, long openedAtMillis) {
            return new Open(r.from(), r.to(), openedAtMillis);
        }
    }

    /** Everything above, as saved and restored; {@code version} grows with every change. */
    record State(Long boot, Long highest, List<Open> open, List<SeqRange> skips, Declaration.Pending due,
                 long declaredGaps, long declaredMissing, SeqRange lastDeclared, long version) {
        /** As saved, empty lists left out; {@code due} is null when nothing waits to be declared. */
        State {
            open = open == null ? List.of() : open;
            skips = skips == null ? List.of() : skips;
        }

        Declaration.Pending dueOrNone() {
            return due == null ? Declaration.Pending.NONE : due;
        }
    }

    /** A message numbered {@code seq} arrived; true when that changed anything. */
    boolean seen(long seq, Instant now) {
        if (highest == null) {
            highest = seq;
        } else if (seq > highest) {
            if (seq > highest + 1) {
                open(new SeqRange(highest + 1, seq - 1), now);
            }
            highest = seq;
        } else if (!fill(seq)) {
            return false; // a duplicate, or a number whose gap was already declared
        }
        version++;
        return true;
    }

    /**
     * A birth: a lower boot counter than before means the agent's state was wiped and its numbering
     * starts again at 0 (nothing awaited from before, no alarm); a {@code skipped} range is taken out
     * of the gaps now and later. True when that changed anything.
     */
    boolean birth(long bootSeq, SeqRange skipped) {
        boolean changed = false;
        if (boot != null && bootSeq < boot) {
            highest = -1L;
            open.clear();
            skips.clear();
            changed = true;
        }
        if (boot == null || bootSeq != boot) {
            boot = bootSeq;
            changed = true;
        }
        if (skipped != null && !skips.contains(skipped)) {
            skips.addLast(skipped);
            if (skips.size() > SKIPS_KEPT) {
                skips.removeFirst();
            }
            for (Open o : List.copyOf(open.values())) {
                List<SeqRange> left = o.range().minus(skipped);
                if (left.size() != 1 || !left.get(0).equals(o.range())) {
                    open.remove(o.from());
                    left.forEach(r -> open.put(r.from(), Open.of(r, o.openedAtMillis())));
                }
            }
            changed = true;
        }
        if (changed) {
            version++;
        }
        return changed;
    }

    /** Gaps opened at or before {@code deadline}, and those the cap pushed out, declared lost; null when none. */
    Declaration expire(String agent, Instant deadline) {
        Declaration.Builder declared = new Declaration.Builder();
        declared.add(due.pending());
        due.clear();
        for (var it = open.values().iterator(); it.hasNext(); ) {
            Open o = it.next();
            if (o.openedAtMillis() <= deadline.toEpochMilli()) {
                declared.add(o.range());
                it.remove();
            }
        }
        if (declared.isEmpty()) {
            return null;
        }
        Declaration d = declared.build(agent);
        declaredGaps += d.gaps();
        declaredMissing += d.missing();
        lastDeclared = d.ranges().get(d.ranges().size() - 1);
        version++;
        return d;
    }

    private void open(SeqRange gap, Instant now) {
        List<SeqRange> parts = new ArrayList<>(List.of(gap));
        for (SeqRange skip : skips) {
            parts = parts.stream().flatMap(p -> p.minus(skip).stream()).toList();
        }
        parts.forEach(p -> open.put(p.from(), Open.of(p, now.toEpochMilli())));
        while (open.size() > maxOpen) { // bounded memory: the oldest gap is declared now rather than forgotten
            due.add(open.pollFirstEntry().getValue().range());
        }
    }

    private boolean fill(long seq) {
        Map.Entry<Long, Open> e = open.floorEntry(seq);
        if (e == null || e.getValue().to() < seq) {
            return false;
        }
        Open o = e.getValue();
        open.remove(o.from());
        if (o.from() < seq) {
            open.put(o.from(), new Open(o.from(), seq - 1, o.openedAtMillis()));
        }
        if (seq < o.to()) {
            open.put(seq + 1, new Open(seq + 1, o.to(), o.openedAtMillis()));
        }
        return true;
    }

    State state() {
        return new State(boot, highest, List.copyOf(open.values()), List.copyOf(skips), due.isEmpty() ? null : due.pending(),
                declaredGaps, declaredMissing, lastDeclared, version);
    }

    /**
     * The state saved before a restart. Its open gaps wait a whole timeout again from {@code now}: the
     * controller could receive nothing while it was down, and what the broker kept for it comes now.
     */
    static AgentSequence restore(State s, int maxOpen, Instant now) {
        AgentSequence a = new AgentSequence(maxOpen);
        a.boot = s.boot();
        a.highest = s.highest();
        s.open().forEach(o -> a.open.put(o.from(), new Open(o.from(), o.to(), Math.max(o.openedAtMillis(), now.toEpochMilli()))));
        a.skips.addAll(s.skips());
        if (s.due() != null) {
            a.due.add(s.due());
        }
        a.declaredGaps = s.declaredGaps();
        a.declaredMissing = s.declaredMissing();
        a.lastDeclared = s.lastDeclared();
        a.version = s.version();
        return a;
    }

    int openCount() {
        return open.size();
    }

    long version() {
        return version;
    }
}
