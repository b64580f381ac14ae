package id.jaga.agent.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskQueueTest {
    private static final Duration WEEK = Duration.ofDays(7);

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(Instant.parse("2026-11-22T00:00:00Z"));

    private DiskQueue open(long maxBytes) {
        return DiskQueue.open(dir.resolve("pi.queue"), maxBytes, WEEK, clock);
    }

    @Test
    void messagesLeaveInOrderOnlyWhenAcknowledgedAndSurviveARestart() {
        DiskQueue queue = open(1 << 20);
        queue.add("t", new byte[] {1}, false);
        queue.add("t", new byte[] {2}, true);
        queue.add("t", new byte[] {3}, false);
        queue.acknowledged(queue.peek().orElseThrow());
        queue.close();

        DiskQueue reopened = open(1 << 20);
        assertEquals(List.of(2, 3), drain(reopened));
        reopened.close();
    }

    @Test
    void theHighestNumberAddedSurvivesAPowerCutEvenWhenItsMessageLeftTheQueue() {
        DiskQueue queue = open(1 << 20);
        assertTrue(queue.lastSeq().isEmpty());
        queue.add("t", new byte[] {1}, false, 41);
        queue.add("t", new byte[] {2}, true, 42);
        queue.add("t", new byte[] {3}, true); // a command result: no number
        queue.acknowledged(queue.peek().orElseThrow());
        queue.acknowledged(queue.peek().orElseThrow());
        queue.abandon();

        DiskQueue reopened = open(1 << 20);
        assertEquals(42, reopened.lastSeq().orElseThrow());
        reopened.close();
    }

    @Test
    void aRefusedMessageStillCountsAsNumbered() {
        DiskQueue probe = open(1 << 20);
        probe.add("t", new byte[100], true);
        long oneMessage = probe.bytes();
        probe.close();

        DiskQueue queue = open(oneMessage + 10); // full of the event already in it
        queue.add("t", new byte[100], true, 7);
        assertEquals(1, queue.dropped());
        queue.abandon();
        DiskQueue reopened = open(1 << 20);
        assertEquals(7, reopened.lastSeq().orElseThrow(), "a lost message, not a skipped number");
        reopened.close();
    }

    @Test
    void whatWasAddedSurvivesAPowerCut() {
        DiskQueue queue = open(1 << 20);
        for (int i = 0; i < 50; i++) {
            queue.add("t", new byte[] {(byte) i}, false);
        }
        queue.acknowledged(queue.peek().orElseThrow());
        queue.abandon(); // nothing written beyond what each call committed

        DiskQueue reopened = open(1 << 20);
        List<Integer> left = drain(reopened);
        assertEquals(49, left.size());
        assertEquals(1, left.get(0));
        assertEquals(49, left.get(48));
        reopened.close();
    }

    @Test
    void whenFullTheOldestTelemetryMakesRoomAndEventsAreKept() {
        DiskQueue probe = open(1 << 20);
        probe.add("t", new byte[100], false);
        long oneMessage = probe.bytes();
        probe.acknowledged(probe.peek().orElseThrow());
        probe.close();

        DiskQueue queue = open(oneMessage * 3);
        queue.add("t", marked(1), true);
        queue.add("t", marked(2), false);
        queue.add("t", marked(3), false);
        queue.add("t", marked(4), true); // pushes out telemetry 2

        assertEquals(List.of(1, 3, 4), drain(queue));
        assertEquals(1, queue.dropped());
        queue.close();
    }

    @Test
    void aQueueFullOfEventsRefusesNewMessagesAndCountsThem() {
        DiskQueue probe = open(1 << 20);
        probe.add("t", new byte[100], true);
        long oneMessage = probe.bytes();
        probe.acknowledged(probe.peek().orElseThrow());
        probe.close();

        DiskQueue queue = open(oneMessage * 2);
        queue.add("t", marked(1), true);
        queue.add("t", marked(2), true);
        queue.add("t", marked(3), true);
        queue.add("t", marked(4), false);

        assertEquals(List.of(1, 2), drain(queue));
        assertEquals(2, queue.dropped());
        queue.close();
    }

    @Test
    void messagesOlderThanTheAgeLimitArePurged() {
        DiskQueue queue = open(1 << 20);
        queue.add("t", new byte[] {1}, false);
        clock.advance(WEEK.minusHours(1));
        queue.add("t", new byte[] {2}, true);
        clock.advance(Duration.ofHours(2));

        assertEquals(List.of(2), drain(queue));
        assertEquals(1, queue.dropped());
        assertTrue(queue.peek().isEmpty());
        queue.close();
    }

    private static byte[] marked(int mark) {
        byte[] payload = new byte[100];
        payload[0] = (byte) mark;
        return payload;
    }

    private static List<Integer> drain(DiskQueue queue) {
        List<Integer> out = new ArrayList<>();
        for (var e = queue.peek(); e.isPresent(); e = queue.peek()) {
            out.add((int) e.get().payload()[0]);
            queue.acknowledged(e.get());
        }
        return out;
    }

    /** A clock the test moves by hand. */
    private static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
