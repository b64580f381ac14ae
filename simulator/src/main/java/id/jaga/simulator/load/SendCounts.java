package id.jaga.simulator.load;

import java.util.concurrent.atomic.LongAdder;

/** What virtual agents got acknowledged by the broker (QoS 1 PUBACK), and what failed. */
public final class SendCounts {
    private final LongAdder messages = new LongAdder();
    private final LongAdder readings = new LongAdder();
    private final LongAdder failures = new LongAdder();

    void acknowledged(int readingsInMessage) {
        messages.increment();
        readings.add(readingsInMessage);
    }

    void failed() {
        failures.increment();
    }

    public Snapshot snapshot() {
        return new Snapshot(messages.sum(), readings.sum(), failures.sum());
    }

    /** Counts at one moment; {@link #minus} gives what happened between two moments. */
    public record Snapshot(long messages, long readings, long failures) {
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(messages - earlier.messages, readings - earlier.readings, failures - earlier.failures);
        }
    }
}
