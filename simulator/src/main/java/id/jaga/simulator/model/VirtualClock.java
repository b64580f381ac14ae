package id.jaga.simulator.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * Simulated time: {@code start + speed x real time elapsed}, plus whatever was added by
 * {@link #advance}. At speed 0 it moves only when advanced, as tests want; at speed 60 an hour of the
 * room passes in a minute. Clocks made by {@link #withZone} share the same time.
 */
public final class VirtualClock extends Clock {
    private final Timeline timeline;
    private final ZoneId zone;

    private VirtualClock(Timeline timeline, ZoneId zone) {
        this.timeline = timeline;
        this.zone = zone;
    }

    /** A clock that stands still until advanced. */
    public static VirtualClock manual(Instant start) {
        return new VirtualClock(new Timeline(start, 0, System::nanoTime), ZoneOffset.UTC);
    }

    /** A clock that runs {@code speed} times as fast as real time from {@code start}. */
    public static VirtualClock running(Instant start, double speed) {
        return running(start, speed, System::nanoTime);
    }

    static VirtualClock running(Instant start, double speed, LongSupplier realNanos) {
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a finite number of at least 0, found " + speed);
        }
        return new VirtualClock(new Timeline(start, speed, realNanos), ZoneOffset.UTC);
    }

    /** Moves simulated time forward at once (and only forward). */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only goes forward: " + by);
        }
        timeline.advance(by);
    }

    public double speed() {
        return timeline.speed;
    }

    @Override
    public Instant instant() {
        return timeline.now();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new VirtualClock(timeline, newZone);
    }

    /** The time every zone's view of this clock shares. */
    private static final class Timeline {
        private final Instant start;
        private final double speed;
        private final LongSupplier realNanos;
        private final long startNanos;
        private long advancedNanos;

        Timeline(Instant start, double speed, LongSupplier realNanos) {
            this.start = start;
            this.speed = speed;
            this.realNanos = realNanos;
            this.startNanos = realNanos.getAsLong();
        }

        synchronized void advance(Duration by) {
            advancedNanos = Math.addExact(advancedNanos, by.toNanos());
        }

        synchronized Instant now() {
            long run = speed == 0 ? 0 : (long) (speed * (realNanos.getAsLong() - startNanos));
            return start.plusNanos(advancedNanos + run);
        }
    }
}
