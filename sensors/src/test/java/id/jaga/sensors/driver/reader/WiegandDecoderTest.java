package id.jaga.sensors.driver.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wiegand frames and keypad entries as bit sequences, without GPIO. */
class WiegandDecoderTest {
    private static final long SECOND = 1_000_000_000L;
    private final List<Credential> heard = new ArrayList<>();
    private final WiegandDecoder cardThenPin = new WiegandDecoder("reader-a", true, Duration.ofSeconds(10), heard::add);
    private final WiegandDecoder cardAlone = new WiegandDecoder("reader-a", false, Duration.ofSeconds(10), heard::add);

    /** Sends a frame written as 0s and 1s (spaces for reading) and ends it at {@code at}. */
    private static void send(WiegandDecoder decoder, String bits, long at) {
        bits.replace(" ", "").chars().forEach(c -> decoder.bit(c - '0'));
        decoder.endFrame(at);
    }

    /** A card frame of {@code dataBits} data bits with correct parity, most significant first. */
    static String card(long data, int dataBits) {
        String body = String.format("%" + dataBits + "s", Long.toBinaryString(data)).replace(' ', '0');
        String first = body.substring(0, dataBits / 2);
        String second = body.substring(dataBits / 2);
        int leading = count(first) % 2;           // even parity over the first half
        int trailing = (count(second) + 1) % 2;   // odd parity over the second half
        return leading + body + trailing;
    }

    private static int count(String bits) {
        return (int) bits.chars().filter(c -> c == '1').count();
    }

    static String key(int code) {
        return String.format("%4s", Integer.toBinaryString(code)).replace(' ', '0');
    }

    private void keys(WiegandDecoder decoder, String typed, long at) {
        for (char c : typed.toCharArray()) {
            send(decoder, key(c == '*' ? 10 : c == '#' ? 11 : c - '0'), at);
        }
    }

    @Test
    void a26BitFrameGivesTheDecimalValueOfItsDataBits() {
        // H10301, facility 1, card 1: leading parity 1 (one 1 in the first 12 data bits), trailing 0.
        send(cardAlone, "1 00000001 0000000000000001 0", 0);
        // facility 123, card 45678
        send(cardAlone, card((123L << 16) | 45678, 24), 1);

        assertEquals(List.of(Credential.badge("reader-a", "65537"), Credential.badge("reader-a", "8106606")), heard);
        assertEquals(0, cardAlone.dropped());
    }

    @Test
    void a34BitFrameGivesItsThirtyTwoDataBits() {
        send(cardAlone, card(0xFEDCBA98L, 32), 0);
        send(cardAlone, "0 " + "0".repeat(31) + "1 0", 1); // data 1: no 1 in the first half, one in the second

        assertEquals(List.of(Credential.badge("reader-a", Long.toString(0xFEDCBA98L)), Credential.badge("reader-a", "1")), heard);
    }

    @Test
    void aParityErrorIsDroppedAndCounted() {
        String good = card(8106222, 24);
        String leadingWrong = (good.charAt(0) == '1' ? "0" : "1") + good.substring(1);
        String trailingWrong = good.substring(0, 25) + (good.charAt(25) == '1' ? "0" : "1");
        String dataBitFlipped = good.substring(0, 20) + (good.charAt(20) == '1' ? "0" : "1") + good.substring(21);

        send(cardAlone, leadingWrong, 0);
        send(cardAlone, trailingWrong, 1);
        send(cardAlone, dataBitFlipped, 2);
        send(cardAlone, card(0xFEDCBA98L, 32).replaceFirst("1", "0"), 3);

        assertEquals(List.of(), heard);
        assertEquals(4, cardAlone.dropped());
    }

    @Test
    void aFrameOfAnotherLengthIsDroppedAndCounted() {
        send(cardAlone, card(8106222, 24).substring(1), 0);        // 25 bits: a bit lost
        send(cardAlone, card(8106222, 24) + "1", 1);               // 27 bits: noise
        send(cardAlone, "1".repeat(70), 2);                        // longer than any frame
        send(cardAlone, key(12), 3);                               // a 4-bit code that is no key

        assertEquals(List.of(), heard);
        assertEquals(4, cardAlone.dropped());
        send(cardAlone, card(42, 24), 4);
        assertEquals(List.of(Credential.badge("reader-a", "42")), heard, "the next good frame is read as usual");
    }

    @Test
    void aPinTypedAfterTheCardGoesWithIt() {
        send(cardThenPin, card(8106222, 24), 0);
        assertEquals(List.of(), heard, "the card waits for its PIN");

        keys(cardThenPin, "4711#", 3 * SECOND);

        assertEquals(List.of(new Credential("reader-a", "8106222", "4711")), heard);
        assertTrue(cardThenPin.deadline().isEmpty(), "nothing left waiting");
    }

    @Test
    void aCardWithoutPinInTimeGoesAlone() {
        send(cardThenPin, card(8106222, 24), 0);
        keys(cardThenPin, "47", SECOND);
        assertEquals(10 * SECOND, cardThenPin.deadline().getAsLong());

        cardThenPin.expire(10 * SECOND - 1);
        assertEquals(List.of(), heard);
        cardThenPin.expire(10 * SECOND);
        keys(cardThenPin, "11#", 11 * SECOND);

        assertEquals(List.of(Credential.badge("reader-a", "8106222"), Credential.pin("reader-a", "11")), heard,
                "the card alone; the digits typed for it are gone, later ones are a PIN of their own");
    }

    @Test
    void aPinWithNoCardIsSentAlone() {
        keys(cardThenPin, "5678#", 0);
        keys(cardAlone, "90#", 0);

        assertEquals(List.of(Credential.pin("reader-a", "5678"), Credential.pin("reader-a", "90")), heard);
    }

    @Test
    void aCardDoesNotWaitWhenItsDoorWantsNoPin() {
        send(cardAlone, card(8106222, 24), 0);

        assertEquals(List.of(Credential.badge("reader-a", "8106222")), heard);
        assertTrue(cardAlone.deadline().isEmpty());
    }

    @Test
    void starClearsTheDigitsTypedSoFar() {
        keys(cardAlone, "12*34#", 0);
        send(cardThenPin, card(99, 24), 0);
        keys(cardThenPin, "999*1234#", SECOND);

        assertEquals(List.of(Credential.pin("reader-a", "34"), new Credential("reader-a", "99", "1234")), heard);
    }

    @Test
    void aPinNotEndedInTimeIsDroppedAndAStrayHashSendsNothing() {
        keys(cardAlone, "#", 0);
        keys(cardAlone, "123", SECOND);
        cardAlone.expire(11 * SECOND);
        keys(cardAlone, "#", 12 * SECOND);

        assertEquals(List.of(), heard);
        assertFalse(cardAlone.deadline().isPresent());
    }

    @Test
    void aSecondCardReleasesTheFirstAlone() {
        send(cardThenPin, card(1, 24), 0);
        send(cardThenPin, card(2, 24), SECOND);
        keys(cardThenPin, "4711#", 2 * SECOND);

        assertEquals(List.of(Credential.badge("reader-a", "1"), new Credential("reader-a", "2", "4711")), heard);
    }

    @Test
    void aPinNeverShowsInTheCredentialsText() {
        assertEquals("Credential[reader=reader-a, badge=99, pin=****]", new Credential("reader-a", "99", "1234").toString());
    }
}
