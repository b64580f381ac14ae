package id.jaga.sensors.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How far a reading can be trusted. Only GOOD readings carry a value the rules may act on. */
public enum Quality {
    /** Read and plausible. */
    GOOD,
    /** The source answered with old data or not at all; the last value is not current. */
    STALE,
    /** The read failed (I/O, CRC, out of physical range, stuck); {@code reason} says which. */
    BAD;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
