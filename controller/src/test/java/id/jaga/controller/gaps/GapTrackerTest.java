package id.jaga.controller.gaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.controller.HandClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GapTrackerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final HandClock clock = new HandClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final GapTracker tracker = new GapTracker(TIMEOUT, 8, clock);

    private void seen(long... seqs) {
        for (long seq : seqs) {
            tracker.seen("pi-1", seq);
        }
    }

    private List<String> awaited() {
        @SuppressWarnings("unchecked")
        List<String> awaited = (List<String>) tracker.view().get("pi-1").get("awaited");
        return awaited;
    }

    private List<Declaration> afterTimeout() {
        clock.advance(TIMEOUT);
        return tracker.expire();
    }

    @Test
    void messagesInOrderLeaveNoGap() {
        for (long seq = 0; seq < 500; seq++) {
            seen(seq);
        }
        assertEquals(List.of(), awaited());
        assertEquals(List.of(), afterTimeout());
        assertEquals(0L, tracker.view().get("pi-1").get("missing"));
    }

    @Test
    void theFirstNumberEverSeenIsTheBaselineNotAGap() {
        seen(4711, 4712);
        assertEquals(List.of(), awaited());
    }

    @Test
    void aJumpOpensOneRangeThatLateRedeliveriesFill() {
        seen(100, 101, 110);
        assertEquals(List.of("102-109"), awaited());

        seen(105, 102, 109); // a reconnect replays out of order
        assertEquals(List.of("103-104", "106-108"), awaited());

        seen(103, 104, 106, 107, 108, 108);
        assertEquals(List.of(), awaited());
        assertEquals(List.of(), afterTimeout(), "filled in time: nothing lost");
    }

    @Test
    void aGapStillOpenAfterTheTimeoutIsDeclaredOnceWithItsExactRange() {
        seen(120, 121, 122, 123, 124, 137, 138);
        clock.advance(TIMEOUT.minusSeconds(1));
        assertEquals(List.of(), tracker.expire(), "not before the timeout");

        List<Declaration> declared = afterTimeout();

        assertEquals(1, declared.size());
        Declaration d = declared.get(0);
        assertEquals(List.of(new SeqRange(125, 136)), d.ranges());
        assertEquals(12, d.missing());
        assertEquals("pi-1: messages 125-136 never arrived", d.message());
        assertEquals(List.of(), afterTimeout(), "declared once");
        Map<String, Object> health = tracker.view().get("pi-1");
        assertEquals(12L, health.get("missing"));
        assertEquals(1L, health.get("gaps"));
        assertEquals("125-136", health.get("lastGap"));
    }

    @Test
    void aPartlyFilledGapDeclaresOnlyWhatIsStillMissing() {
        seen(1, 10);
        seen(5);
        assertEquals("pi-1: messages 2-4, 6-9 never arrived", afterTimeout().get(0).message());
    }

    @Test
    void aRestartAnnouncedInTheBirthIsNotAGap() {
        seen(3409, 3410, 3411);
        tracker.birth("pi-1", 5, new SeqRange(3412, 3999));
        seen(4000, 4001);
        assertEquals(List.of(), awaited());
        assertEquals(List.of(), afterTimeout());
    }

    @Test
    void messagesLostBeforeARestartAreStillAGapBesideTheSkippedNumbers() {
        seen(3400);
        tracker.birth("pi-1", 5, new SeqRange(3412, 3999)); // 3401-3411 were sent before the restart but never came
        seen(4000);
        assertEquals(List.of("3401-3411"), awaited());
        assertEquals(List.of(new SeqRange(3401, 3411)), afterTimeout().get(0).ranges());
    }

    @Test
    void aSkipAnnouncedAfterTheJumpStillClosesTheGap() {
        seen(3411);
        seen(4000); // the birth was held up
        tracker.birth("pi-1", 5, new SeqRange(3412, 3999));
        assertEquals(List.of(), awaited());
    }

    @Test
    void aLowerBootCounterRestartsTheNumberingWithoutAGap() {
        tracker.birth("pi-1", 7, null);
        seen(90_000, 90_002);
        tracker.birth("pi-1", 1, null); // the agent's state was wiped
        seen(0, 1, 2);
        assertEquals(List.of(), awaited(), "the gap of the old numbering is dropped, not declared");
        assertEquals(List.of(), afterTimeout());
    }

    @Test
    void afterAResetTheNewNumberingIsFollowedFromZero() {
        tracker.birth("pi-1", 7, null);
        seen(500);
        tracker.birth("pi-1", 1, null);
        seen(3);
        assertEquals(List.of("0-2"), awaited());
    }

    @Test
    void theSameBirthAgainChangesNothing() {
        seen(10);
        tracker.birth("pi-1", 2, new SeqRange(11, 999));
        tracker.takeChanged();
        tracker.birth("pi-1", 2, new SeqRange(11, 999)); // the birth of every reconnect repeats it
        assertEquals(Map.of(), tracker.takeChanged());
    }

    @Test
    void openGapsPerAgentAreCappedAndTheOldestIsDeclaredAtOnce() {
        for (long seq = 0; seq < 40; seq += 2) { // 19 gaps of one message each
            seen(seq);
        }
        assertEquals(8, awaited().size(), "memory stays bounded");
        assertEquals("23", awaited().get(0));

        List<Declaration> declared = tracker.expire(); // no time has passed: the pushed-out ones only
        assertEquals(1, declared.size());
        assertEquals(11, declared.get(0).gaps());
        assertEquals(11, declared.get(0).missing());
        assertEquals(Declaration.NAMED, declared.get(0).ranges().size());
        assertEquals("pi-1: messages 1, 3, 5, 7, 9 and 6 more gap(s), 11 messages in all never arrived",
                declared.get(0).message());
        assertEquals(8, tracker.openGaps());
    }

    @Test
    void aSingleLostMessageIsNamedAlone() {
        seen(1, 3);
        assertEquals("pi-1: message 2 never arrived", afterTimeout().get(0).message());
    }

    @Test
    void aSavedStateRestoresTheGapsWithAFreshTimeout() {
        seen(124, 137);
        clock.advance(TIMEOUT.minusSeconds(5));
        Map<String, AgentSequence.State> saved = tracker.takeAll();

        clock.advance(Duration.ofMinutes(10)); // the controller was down
        GapTracker restarted = new GapTracker(TIMEOUT, 8, clock);
        restarted.restore(saved);
        assertEquals(List.of(), restarted.expire(), "what the broker kept for the controller may still come");
        restarted.seen("pi-1", 130);
        clock.advance(TIMEOUT);
        assertEquals("pi-1: messages 125-129, 131-136 never arrived", restarted.expire().get(0).message());
        restarted.seen("pi-1", 138);
        assertEquals(List.of(), ((List<?>) restarted.view().get("pi-1").get("awaited")));
    }

    @Test
    void onlyChangedAgentsAreTakenForSavingAndAFailedSaveIsTakenAgain() {
        tracker.seen("pi-1", 1);
        tracker.seen("pi-2", 1);
        assertEquals(2, tracker.takeChanged().size());
        tracker.seen("pi-1", 1); // a duplicate changes nothing
        assertEquals(Map.of(), tracker.takeChanged());
        tracker.seen("pi-2", 2);
        Map<String, AgentSequence.State> taken = tracker.takeChanged();
        tracker.unsaved(taken.keySet());
        assertEquals(taken.keySet(), tracker.takeChanged().keySet());
        assertTrue(taken.get("pi-2").version() > 0);
    }
}
