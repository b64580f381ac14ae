package id.jaga.sensors.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads a time in the one form the wire writes ({@link Instant#toString()}: "2026-11-22T03:00:00.123Z")
 * by its fixed layout, and anything else through Jackson's own deserializer, which also decides
 * what is refused. Telemetry carries a time for every reading, and the general ISO-8601 parser was
 * two thirds of the cost of decoding a telemetry message.
 */
final class UtcInstantDeserializer extends StdDeserializer<Instant> {
    /** Nanoseconds per unit of a fraction of 1 to 9 digits. */
    private static final int[] SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    UtcInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext context) throws IOException {
        if (p.hasToken(JsonToken.VALUE_STRING)) {
            Instant utc = parse(p.getText());
            if (utc != null) {
                return utc;
            }
        }
        return InstantDeserializer.INSTANT.deserialize(p, context);
    }

    /** "yyyy-MM-ddTHH:mm:ss[.fraction of 1 to 9 digits]Z", or null for anything else. */
    static Instant parse(String s) {
        int n = s.length();
        if (n < 20 || n == 21 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z' || n > 20 && s.charAt(19) != '.') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int fractionDigits = n - 21; // after the point, before the Z
        int fraction = fractionDigits > 0 ? digits(s, 20, n - 1) : 0;
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59 || fraction < 0) {
            return null; // e.g. a leap second: the general parser knows what to do with it
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, fractionDigits > 0 ? (long) fraction * SCALE[fractionDigits] : 0);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in s[from, to), or -1 if any character is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
