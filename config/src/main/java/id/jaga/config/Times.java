package id.jaga.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times of day ({@code 07:30}, site time) and dates ({@code 2026-12-31}) as written in a site file.
 * {@code 24:00} is the end of the day, read as {@link LocalTime#MAX}, so a window can run to midnight.
 */
public final class Times {
    static final String EXPECTED_TIME = "a time of day such as 07:30";
    static final String EXPECTED_DATE = "a date such as 2026-12-31";
    private static final Pattern TIME = Pattern.compile("([01]?\\d|2[0-3]):([0-5]\\d)");

    private Times() {
    }

    /** Returns null when the text is not a time of day. */
    public static LocalTime parseTime(String text) {
        String t = text.trim();
        if (t.equals("24:00")) {
            return LocalTime.MAX;
        }
        Matcher m = TIME.matcher(t);
        return m.matches() ? LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
    }

    /** Returns null when the text is not a date. */
    public static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** A time as it is written in the file: HH:mm, the end of the day as 24:00. */
    public static String format(LocalTime time) {
        return time.equals(LocalTime.MAX) ? "24:00" : String.format("%02d:%02d", time.getHour(), time.getMinute());
    }

    /**
     * The scalar as written, whatever its YAML type, so that {@code 730} is reported as a bad time
     * rather than a wrong type. An unquoted {@code 16:00} arrives as text: this parser does not read
     * it as YAML 1.1's base-60 number 960.
     */
    private static String scalarText(JsonParser p) throws IOException {
        return p.hasToken(JsonToken.VALUE_STRING) || p.hasToken(JsonToken.VALUE_NUMBER_INT)
                || p.hasToken(JsonToken.VALUE_NUMBER_FLOAT) ? p.getText() : null;
    }

    static final class TimeDeserializer extends StdScalarDeserializer<LocalTime> {
        private static final long serialVersionUID = 1L;

        TimeDeserializer() {
            super(LocalTime.class);
        }

        @Override
        public LocalTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = scalarText(p);
            if (text == null) {
                return (LocalTime) ctxt.handleUnexpectedToken(LocalTime.class, p);
            }
            LocalTime t = parseTime(text);
            return t != null ? t : (LocalTime) ctxt.handleWeirdStringValue(LocalTime.class, text, EXPECTED_TIME);
        }
    }

    static final class DateDeserializer extends StdScalarDeserializer<LocalDate> {
        private static final long serialVersionUID = 1L;

        DateDeserializer() {
            super(LocalDate.class);
        }

        @Override
        public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = scalarText(p);
            if (text == null) {
                return (LocalDate) ctxt.handleUnexpectedToken(LocalDate.class, p);
            }
            LocalDate d = parseDate(text);
            return d != null ? d : (LocalDate) ctxt.handleWeirdStringValue(LocalDate.class, text, EXPECTED_DATE);
        }
    }
}
