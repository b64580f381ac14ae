package id.jaga.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in a site file: 500ms, 30s, 5m, 2h, 1d. */
public final class Durations {
    static final String EXPECTED = "expected a duration such as 500ms, 30s, 5m, 2h, 1d";
    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** Returns null when the text is not a duration. */
    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static final class Deserializer extends StdScalarDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        Deserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(com.fasterxml.jackson.core.JsonToken.VALUE_STRING)) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            }
            Duration d = parse(p.getText());
            return d != null ? d : (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getText(), EXPECTED);
        }
    }
}
