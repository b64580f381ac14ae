package id.jaga.controller.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.controller.green.GreenFigures;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The report says over how much of the period PUE was measured, and what it left out and why. */
class PueLeftOutTextTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Jakarta");
    private static final GreenFigures.LeftOut OUTAGE = new GreenFigures.LeftOut(0.10, 0.03, 0);

    @Test
    void inEnglish() {
        String text = Sections.leftOut(Labels.of("en", ZONE), 0.87, OUTAGE);
        assertTrue(text.startsWith("PUE measured over 87.0 % of the period; 13.0 % left out: UPS on battery 10.0 %,"
                + " meter without data 3.0 %."), text);
        assertTrue(text.contains("ISO/IEC 30134-2"), text);
    }

    @Test
    void inBahasaIndonesia() {
        String text = Sections.leftOut(Labels.of("id", ZONE), 0.87, OUTAGE);
        assertTrue(text.startsWith("PUE terukur selama 87,0 % dari periode; 13,0 % tidak dihitung: UPS memakai baterai 10,0 %,"
                + " meter tanpa data 3,0 %."), text);
    }

    @Test
    void aReasonWithNoTimeIsNotNamed() {
        String text = Sections.leftOut(Labels.of("en", ZONE), 0.5, new GreenFigures.LeftOut(0, 0, 0.5));
        assertTrue(text.startsWith("PUE measured over 50.0 % of the period; 50.0 % left out: facility meter below IT 50.0 %. "), text);
    }
}
