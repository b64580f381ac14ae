package id.jaga.controller.gaps;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Gaps of one agent declared lost together: how many, how many messages, and the first few ranges
 * for the alarm's text (a flood of gaps must not make an unbounded message or list).
 */
public record Declaration(String agent, List<SeqRange> ranges, long gaps, long missing) {
    /** How many ranges a declaration names; the rest are counted. */
    static final int NAMED = 5;

    public Declaration {
        ranges = List.copyOf(ranges);
    }

    /** e.g. {@code pi-row-a: messages 125-136 never arrived}. */
    public String message() {
        String named = ranges.stream().map(SeqRange::toString).collect(Collectors.joining(", "));
        String more = gaps > ranges.size() ? " and " + (gaps - ranges.size()) + " more gap(s), " + missing + " messages in all" : "";
        String noun = missing == 1 ? "message " : "messages ";
        return agent + ": " + noun + named + more + " never arrived";
    }

    /** Collects gaps as they are declared, bounded. */
    static final class Builder {
        private final List<SeqRange> ranges = new ArrayList<>();
        private long gaps;
        private long missing;

        void add(SeqRange range) {
            if (ranges.size() < NAMED) {
                ranges.add(range);
            }
            gaps++;
            missing += range.size();
        }

        void add(Pending pending) {
            pending.ranges().forEach(r -> {
                if (ranges.size() < NAMED) {
                    ranges.add(r);
                }
            });
            gaps += pending.gaps();
            missing += pending.missing();
        }

        void clear() {
            ranges.clear();
            gaps = 0;
            missing = 0;
        }

        boolean isEmpty() {
            return gaps == 0;
        }

        Pending pending() {
            return new Pending(List.copyOf(ranges), gaps, missing);
        }

        Declaration build(String agent) {
            return new Declaration(agent, ranges, gaps, missing);
        }
    }

    /** Gaps pushed out of the open list by its cap, to be declared at the next check; saved with the agent's state. */
    public record Pending(List<SeqRange> ranges, long gaps, long missing) {
        static final Pending NONE = new Pending(List.of(), 0, 0);
    }
}
