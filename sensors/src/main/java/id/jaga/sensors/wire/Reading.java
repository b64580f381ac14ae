package id.jaga.sensors.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One sample of one sensor. Numeric kinds carry {@code value}; UPS status carries its NUT tokens in
 * {@code text}. A STALE or BAD reading carries no value and says why in {@code reason}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reading(String sensor, Double value, String text, String unit, Quality quality, String reason, Instant ts) {
    /** Longest text or reason a reading may carry (a NUT status line, an error message). */
    public static final int MAX_TEXT = 255;

    public Reading {
        WireException.check(text == null || text.length() <= MAX_TEXT, "text of " + sensor + " is longer than " + MAX_TEXT);
        WireException.check(reason == null || reason.length() <= MAX_TEXT, "reason of " + sensor + " is longer than " + MAX_TEXT);
        WireException.require(sensor, "sensor");
        WireException.require(unit, "unit");
        WireException.require(quality, "quality");
        WireException.require(ts, "ts");
        if (quality == Quality.GOOD) {
            WireException.check(value != null || text != null, "reading of " + sensor + " is good but has neither value nor text");
            WireException.check(value == null || Double.isFinite(value), "reading of " + sensor + " has a non-finite value");
        } else {
            WireException.check(value == null && text == null, "a " + quality.wire() + " reading of " + sensor + " must not carry a value");
        }
    }

    public static Reading good(String sensor, double value, String unit, Instant ts) {
        return new Reading(sensor, value, null, unit, Quality.GOOD, null, ts);
    }

    public static Reading goodText(String sensor, String text, String unit, Instant ts) {
        return new Reading(sensor, null, text, unit, Quality.GOOD, null, ts);
    }

    /** A failed read; an over-long reason is cut to fit. */
    public static Reading failed(String sensor, Quality quality, String reason, String unit, Instant ts) {
        String fitted = reason != null && reason.length() > MAX_TEXT ? reason.substring(0, MAX_TEXT) : reason;
        return new Reading(sensor, null, null, unit, quality, fitted, ts);
    }
}
