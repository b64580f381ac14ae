package id.jaga.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxTest {
    @Test
    void messagesLeaveInOrderAndOnlyWhenAcknowledged() {
        Outbox outbox = new Outbox(10);
        outbox.add("t", new byte[] {1}, false);
        outbox.add("t", new byte[] {2}, false);

        Outbox.Entry head = outbox.peek().orElseThrow();
        assertEquals(1, head.payload()[0]);
        assertEquals(head, outbox.peek().orElseThrow(), "unacknowledged: still at the head");
        outbox.acknowledged(head);
        assertEquals(2, outbox.peek().orElseThrow().payload()[0]);
    }

    @Test
    void whenFullTheOldestTelemetryGoesFirstAndEventsStay() {
        Outbox outbox = new Outbox(3);
        outbox.add("event", new byte[] {1}, true);
        outbox.add("telemetry", new byte[] {2}, false);
        outbox.add("telemetry", new byte[] {3}, false);
        outbox.add("event", new byte[] {4}, true);

        assertEquals(List.of(1, 3, 4), drain(outbox));
        assertEquals(1, outbox.dropped());
    }

    @Test
    void aFullOutboxOfEventsCountsWhatItCannotKeep() {
        Outbox outbox = new Outbox(1);
        outbox.add("event", new byte[] {1}, true);
        outbox.add("event", new byte[] {2}, true);

        assertEquals(List.of(1), drain(outbox));
        assertEquals(1, outbox.dropped());
    }

    private static List<Integer> drain(Outbox outbox) {
        List<Integer> out = new ArrayList<>();
        for (var e = outbox.peek(); e.isPresent(); e = outbox.peek()) {
            out.add((int) e.get().payload()[0]);
            outbox.acknowledged(e.get());
        }
        return out;
    }
}
