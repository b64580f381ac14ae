package id.jaga.sensors.driver.nut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpsStatusTest {

    @Test
    void duplicateTokensCountOnce() {
        assertEquals(List.of("OB", "LB", "DISCHRG"), List.copyOf(UpsStatus.parse("OB DISCHRG OB LB DISCHRG")));
    }

    @Test
    void orderDoesNotMatterSoEqualStatesGiveEqualText() {
        assertEquals("OL CHRG", UpsStatus.normalise("CHRG OL"));
        assertEquals("OL CHRG", UpsStatus.normalise("OL CHRG"));
        assertEquals("OB LB DISCHRG", UpsStatus.normalise("DISCHRG LB OB"));
    }

    @Test
    void knownTokensFollowNutsOrder() {
        List<String> reversed = new ArrayList<>(UpsStatus.KNOWN);
        Collections.reverse(reversed);
        assertEquals(String.join(" ", UpsStatus.KNOWN), UpsStatus.normalise(String.join(" ", reversed)));
    }

    @Test
    void unknownTokensAreKeptSortedAfterTheKnownOnes() {
        // WAIT is what dummy-ups reports before it has read its file; ECO comes from newer drivers.
        assertEquals("OL WAIT", UpsStatus.normalise("WAIT OL"));
        assertEquals("OL CHRG ECO WAIT", UpsStatus.normalise("WAIT ECO CHRG OL"));
    }

    @Test
    void extraWhitespaceIsNoToken() {
        assertEquals("OB LB", UpsStatus.normalise("  OB\t LB  "));
    }

    @Test
    void emptyAndBlankStatusHaveNoTokens() {
        assertTrue(UpsStatus.parse("").isEmpty());
        assertTrue(UpsStatus.parse("   ").isEmpty());
        assertEquals("", UpsStatus.normalise(""));
    }
}
