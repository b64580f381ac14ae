package id.jaga.config;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times of day ({@code 07:30}, site time) and dates ({@code 2026-12-31}) as written in a site file.
 * {@code 24:00} is the end of the day, read as {@link LocalTime#MAX}, so a window can run to midnight.
 * An unquoted {@code 16:00} arrives as text: the YAML parser does not read it as YAML 1.1's base-60
 * number 960.
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
}
