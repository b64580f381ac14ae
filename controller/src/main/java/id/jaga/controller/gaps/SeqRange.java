package id.jaga.controller.gaps;

import java.util.ArrayList;
import java.util.List;

/** Sequence numbers {@code from} to {@code to} of one agent, both included. */
public record SeqRange(long from, long to) {
    public SeqRange {
        if (from > to) {
            throw new IllegalArgumentException("empty range " + from + "-" + to);
        }
    }

    public long size() {
        return to - from + 1;
    }

    public boolean contains(long seq) {
        return seq >= from && seq <= to;
    }

    /** What is left of this range without {@code other}: none, one or two ranges. */
    public List<SeqRange> minus(SeqRange other) {
        if (other.to < from || other.from > to) {
            return List.of(this);
        }
        List<SeqRange> left = new ArrayList<>(2);
        if (other.from > from) {
            left.add(new SeqRange(from, other.from - 1));
        }
        if (other.to < to) {
            left.add(new SeqRange(other.to + 1, to));
        }
        return left;
    }

    /** {@code 125-136}, or {@code 125} alone. */
    @Override
    public String toString() {
        return from == to ? Long.toString(from) : from + "-" + to;
    }
}
