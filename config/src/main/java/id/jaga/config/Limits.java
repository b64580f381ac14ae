package id.jaga.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * A band: a reading below {@code low} or above {@code high} breaches it, and must keep breaching it
 * for {@code for} before the alarm is raised. Once raised, it clears only when the reading is back
 * inside {@code clearLow}/{@code clearHigh} (hysteresis), so a value hovering at the limit raises one
 * alarm, not a storm. Clear limits default to the raise limits; {@code for} to zero.
 */
public record Limits(Double low, Double high, @JsonProperty("for") Duration holdFor, Double clearLow, Double clearHigh) {

    public Limits(Double low, Double high) {
        this(low, high, null, null, null);
    }

    public Duration hold() {
        return holdFor == null ? Duration.ZERO : holdFor;
    }

    /** Back inside the band far enough to clear an alarm raised by it. */
    public boolean clearedHigh(double value) {
        Double limit = clearHigh != null ? clearHigh : high;
        return limit == null || value <= limit;
    }

    public boolean clearedLow(double value) {
        Double limit = clearLow != null ? clearLow : low;
        return limit == null || value >= limit;
    }

    Limits overriddenBy(Limits other) {
        if (other == null) {
            return this;
        }
        return new Limits(pick(other.low, low), pick(other.high, high), pick(other.holdFor, holdFor),
                pick(other.clearLow, clearLow), pick(other.clearHigh, clearHigh));
    }

    private static <T> T pick(T override, T base) {
        return override != null ? override : base;
    }
}
