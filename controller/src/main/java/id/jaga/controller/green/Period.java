package id.jaga.controller.green;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/** A span of time the figures are over: [from, to). Calendar periods are the site's local day, month or year. */
public record Period(Instant from, Instant to) {
    public Period {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a period ends after it starts: " + from + " to " + to);
        }
    }

    /** The day, month or year ({@code kind}) that holds {@code at}, in the site's time zone. */
    public static Period calendar(String kind, LocalDate at, ZoneId zone) {
        LocalDate start = switch (kind.toLowerCase(Locale.ROOT)) {
            case "day" -> at;
            case "month" -> at.withDayOfMonth(1);
            case "year" -> at.withDayOfYear(1);
            default -> throw new IllegalArgumentException("period is live, day, month or year, not '" + kind + "'");
        };
        LocalDate end = switch (kind.toLowerCase(Locale.ROOT)) {
            case "day" -> start.plusDays(1);
            case "month" -> start.plusMonths(1);
            default -> start.plusYears(1);
        };
        return new Period(start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant());
    }

    /** From the start of one local date to the end of another, both included. */
    public static Period days(LocalDate first, LocalDate last, ZoneId zone) {
        return new Period(first.atStartOfDay(zone).toInstant(), last.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /** Seconds of the period up to {@code now}: what coverage is measured against, since the future has no data. */
    public long elapsedSeconds(Instant now) {
        Instant end = now.isBefore(to) ? now : to;
        return Math.max(0, end.getEpochSecond() - from.getEpochSecond());
    }
}
