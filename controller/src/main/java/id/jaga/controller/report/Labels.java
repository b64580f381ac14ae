package id.jaga.controller.report;

import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ResourceBundle;

/** A report's words and number formats in Bahasa Indonesia (the default) or English. */
public final class Labels {
    private final ResourceBundle words;
    private final Locale locale;
    private final ZoneId zone;

    private Labels(Locale locale, ZoneId zone) {
        this.locale = locale;
        this.zone = zone;
        this.words = ResourceBundle.getBundle("report/labels", locale, ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** {@code lang}: id or en. */
    public static Labels of(String lang, ZoneId zone) {
        return switch (lang) {
            case "id" -> new Labels(Locale.forLanguageTag("id-ID"), zone);
            case "en" -> new Labels(Locale.forLanguageTag("en-GB"), zone);
            default -> throw new IllegalArgumentException("language is id or en, not '" + lang + "'");
        };
    }

    public String get(String key) {
        return words.getString(key);
    }

    public String number(Double v, int decimals) {
        if (v == null) {
            return "-";
        }
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        return f.format(v);
    }

    public String percent(Double share) {
        return share == null ? "-" : number(share * 100, 1) + " %";
    }

    public String time(Instant t) {
        return t == null ? "-" : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", locale).format(t.atZone(zone));
    }

    public String duration(Duration d) {
        long m = d.toMinutes();
        return m >= 60 ? m / 60 + " " + get("unit.hours") + " " + m % 60 + " " + get("unit.minutes") : m + " " + get("unit.minutes");
    }
}
