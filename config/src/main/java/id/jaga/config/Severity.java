package id.jaga.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Alarm severities, highest first (ordinal order is rank order). */
public enum Severity implements WireNamed {
    CRITICAL, MAJOR, MINOR, WARNING;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean outranks(Severity other) {
        return other == null || ordinal() < other.ordinal();
    }
}
