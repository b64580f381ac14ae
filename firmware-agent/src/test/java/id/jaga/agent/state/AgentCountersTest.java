package id.jaga.agent.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCountersTest {
    @TempDir
    Path dir;

    @Test
    void bootsAreCountedAndSequenceNeverRepeatsAcrossRestarts() {
        AgentCounters first = AgentCounters.open(dir, "pi-1");
        long a = first.nextSeq();
        long b = first.nextSeq();

        AgentCounters second = AgentCounters.open(dir, "pi-1"); // as after a power cut: nothing flushed on exit
        long c = second.nextSeq();

        assertEquals(1, first.bootSeq());
        assertEquals(2, second.bootSeq());
        assertEquals(a + 1, b);
        assertTrue(c > b, "after a restart the sequence goes on upwards: " + b + " then " + c);
    }

    @Test
    void theSequenceCrossesBlockBoundariesWithoutAGap() {
        AgentCounters counters = AgentCounters.open(dir, "pi-1");
        long previous = counters.nextSeq();
        for (int i = 0; i < AgentCounters.BLOCK * 2 + 5; i++) {
            long next = counters.nextSeq();
            assertEquals(previous + 1, next);
            previous = next;
        }
    }

    @Test
    void eachBootKnowsItsFirstNumber() {
        AgentCounters first = AgentCounters.open(dir, "pi-1");
        assertEquals(0, first.firstSeqOfBoot());
        assertEquals(0, first.nextSeq());
        first.nextSeq();

        AgentCounters second = AgentCounters.open(dir, "pi-1");
        assertEquals(AgentCounters.BLOCK, second.firstSeqOfBoot());
        assertEquals(second.firstSeqOfBoot(), second.nextSeq());
    }

    @Test
    void agentsKeepSeparateCounters() {
        AgentCounters.open(dir, "pi-1").nextSeq();
        assertEquals(1, AgentCounters.open(dir, "pi-2").bootSeq());
    }
}
