package id.jaga.controller;

import java.time.Duration;

/**
 * How a timer period measured in the controller's clock becomes a wait on the wall clock. In
 * production both run together ({@link #REAL_TIME}). A simulation may hand the controller a clock
 * that runs {@code speed} times faster than the wall; its timers then fire that much more often, so
 * a presence check every 15 s of the clock stays every 15 s of the clock.
 */
public record Pace(double speed) {
    public static final Pace REAL_TIME = new Pace(1);
    /** No timer waits less than this on the wall clock, however fast the clock runs: the CPU is real. */
    static final long SHORTEST_WAIT_MS = 10;

    public Pace {
        if (!(speed >= 1)) {
            throw new IllegalArgumentException("speed must be 1 or more, not " + speed);
        }
    }

    /** The wall-clock milliseconds a timer waits for {@code period} of the clock to pass. */
    public long wallMillis(Duration period) {
        long millis = Math.round(period.toMillis() / speed);
        return speed == 1 ? Math.max(1, millis) : Math.max(SHORTEST_WAIT_MS, millis);
    }
}
