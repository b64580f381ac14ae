package id.jaga.simulator.scenario;

import id.jaga.config.Durations;
import java.time.Duration;

/** The stretch of a run an expectation looks at: from {@code from} to {@code to}, or to the end when {@code to} is null. */
record Window(Duration from, Duration to, Duration within) {
    static final Window WHOLE_RUN = new Window(Duration.ZERO, null, null);

    static Window after(Duration from, Duration within) {
        return new Window(from, within == null ? null : from.plus(within), within);
    }

    boolean contains(Duration at) {
        return !at.minus(from).isNegative() && (to == null || !to.minus(at).isNegative());
    }

    @Override
    public String toString() {
        if (this.equals(WHOLE_RUN)) {
            return "over the whole run";
        }
        if (within == null) {
            return "from " + Offsets.format(from) + " to the end";
        }
        return "within " + Durations.format(within) + " of " + Offsets.format(from);
    }
}
