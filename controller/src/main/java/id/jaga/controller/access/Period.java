package id.jaga.controller.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A half-open span of time [from, to). */
public record Period(Instant from, Instant to) {
    Optional<Period> intersect(Period other) {
        Instant start = from.isAfter(other.from) ? from : other.from;
        Instant end = to.isBefore(other.to) ? to : other.to;
        return start.isBefore(end) ? Optional.of(new Period(start, end)) : Optional.empty();
    }

    /** The same time covered by as few periods as possible, in order. */
    static List<Period> merged(List<Period> periods) {
        List<Period> sorted = new ArrayList<>(periods);
        sorted.sort(Comparator.comparing(Period::from));
        List<Period> out = new ArrayList<>();
        for (Period p : sorted) {
            Period last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && !p.from.isAfter(last.to)) {
                out.set(out.size() - 1, new Period(last.from, p.to.isAfter(last.to) ? p.to : last.to));
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
