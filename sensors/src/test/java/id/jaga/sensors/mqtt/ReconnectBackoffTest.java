package id.jaga.sensors.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
    @Test
    void waitsGrowFromAQuarterSecondAndNeverPassTheCap() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(4));
        long first = backoff.nextDelayMillis();
        assertTrue(first >= 125 && first <= 250, "first wait " + first);
        for (int i = 0; i < 50; i++) {
            long wait = backoff.nextDelayMillis();
            assertTrue(wait <= 4000, "wait " + wait + " above the cap");
        }
    }

    @Test
    void atTheCapClientsDoNotRetryInStep() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(4));
        for (int i = 0; i < 10; i++) {
            backoff.nextDelayMillis();
        }
        Set<Long> waits = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            long wait = backoff.nextDelayMillis();
            assertTrue(wait >= 2000 && wait <= 4000, "wait at the cap " + wait);
            waits.add(wait);
        }
        assertTrue(waits.size() > 50, "jittered, not one value: " + waits.size() + " distinct waits");
    }

    @Test
    void aConnectStartsTheNextOutageFromTheShortestWait() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(4));
        for (int i = 0; i < 10; i++) {
            backoff.nextDelayMillis();
        }
        backoff.reset();
        assertTrue(backoff.nextDelayMillis() <= 250);
    }

    @Test
    void aCapBelowTheFirstWaitIsStillTheCap() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100));
        long wait = backoff.nextDelayMillis();
        assertTrue(wait >= 50 && wait <= 100, "wait " + wait);
        assertEquals(true, backoff.nextDelayMillis() <= 100);
    }
}
