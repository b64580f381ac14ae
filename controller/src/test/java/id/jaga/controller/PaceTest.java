package id.jaga.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PaceTest {
    @Test
    void inRealTimeATimerWaitsItsPeriod() {
        assertEquals(15_000, Pace.REAL_TIME.wallMillis(Duration.ofSeconds(15)));
        assertEquals(100, Pace.REAL_TIME.wallMillis(Duration.ofMillis(100)));
    }

    @Test
    void aFasterClockMakesTimersFireAsMuchMoreOftenButNotBusily() {
        Pace sixty = new Pace(60);
        assertEquals(250, sixty.wallMillis(Duration.ofSeconds(15)), "15 s of the clock pass in 250 ms");
        assertEquals(Pace.SHORTEST_WAIT_MS, sixty.wallMillis(Duration.ofMillis(100)), "never busier than every 10 ms");
    }

    @Test
    void aClockSlowerThanTheWallIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Pace(0.5));
    }
}
