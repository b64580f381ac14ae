package id.jaga.simulator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VirtualClockTest {
    private static final Instant START = Instant.parse("2026-03-02T01:00:00Z");

    @Test
    void runsSpeedTimesRealTimePlusWhatWasAdvanced() {
        AtomicLong realNanos = new AtomicLong(5_000_000_000L);
        VirtualClock clock = VirtualClock.running(START, 60, realNanos::get);
        assertEquals(START, clock.instant());

        realNanos.addAndGet(1_500_000_000L); // 1.5 s of real time at 60x: 90 s
        assertEquals(START.plusSeconds(90), clock.instant());
        clock.advance(Duration.ofMinutes(10));
        assertEquals(START.plusSeconds(690), clock.instant());

        var jakarta = clock.withZone(ZoneId.of("Asia/Jakarta"));
        realNanos.addAndGet(1_000_000_000L);
        assertEquals(START.plusSeconds(750), jakarta.instant(), "every zone's view shares the one time");
        assertEquals(ZoneId.of("Asia/Jakarta"), jakarta.getZone());
    }

    @Test
    void aManualClockMovesOnlyWhenAdvancedAndOnlyForward() {
        VirtualClock clock = VirtualClock.manual(START);
        assertEquals(START, clock.instant());
        clock.advance(Duration.ofMillis(250));
        assertEquals(START.plusMillis(250), clock.instant());
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> VirtualClock.running(START, -2));
    }
}
