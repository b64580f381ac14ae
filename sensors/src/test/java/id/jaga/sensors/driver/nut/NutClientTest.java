package id.jaga.sensors.driver.nut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line format of the protocol; talking to a real upsd is in {@link NutDriverTest}. */
class NutClientTest {

    @Test
    void splitsAVarLineWithAQuotedValue() throws IOException {
        assertEquals(List.of("VAR", "ups1", "ups.status", "OB DISCHRG"), NutClient.tokens("VAR ups1 ups.status \"OB DISCHRG\""));
    }

    @Test
    void unescapesQuotesAndBackslashesInValues() throws IOException {
        assertEquals(List.of("VAR", "ups1", "ups.id", "Rack \"A\" \\ 7"),
                NutClient.tokens("VAR ups1 ups.id \"Rack \\\"A\\\" \\\\ 7\""));
    }

    @Test
    void keepsAnEmptyQuotedValue() throws IOException {
        assertEquals(List.of("VAR", "ups1", "ups.status", ""), NutClient.tokens("VAR ups1 ups.status \"\""));
    }

    @Test
    void refusesAnUnterminatedQuoteOrEscape() {
        assertThrows(IOException.class, () -> NutClient.tokens("VAR ups1 ups.status \"OL"));
        assertThrows(IOException.class, () -> NutClient.tokens("VAR ups1 ups.status \"OL\\"));
    }

    @Test
    void quotesArgumentsOnlyWhenNeededAndTheyReadBackUnchanged() throws IOException {
        assertEquals("battery.charge", NutClient.quote("battery.charge"));
        String password = "pa ss \"w\" \\ord";
        String sent = NutClient.quote(password);
        assertEquals(List.of("PASSWORD", password), NutClient.tokens("PASSWORD " + sent));
    }

    @Test
    void aLoginRefusesLineBreaksAndNeverShowsItsPassword() {
        assertThrows(IllegalArgumentException.class, () -> new NutClient.Login("monitor", "x\nLOGOUT", "ups1"));
        assertFalse(new NutClient.Login("monitor", "hunter2", "ups1").toString().contains("hunter2"));
    }
}
