package id.jaga.simulator.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A sensor fault the model can inject. {@code amount} is the noise's standard deviation (noisy) or
 * the absurd value reported (out-of-range); null takes the kind's default.
 */
public record Fault(Kind kind, Double amount) {
    public static Fault of(Kind kind) {
        return new Fault(kind, null);
    }

    public enum Kind {
        /** The value freezes at what it last read. */
        STUCK("stuck"),
        /** Extra gaussian noise, by default 2 of the sensor's unit. */
        NOISY("noisy"),
        /** No answer: the reading fails as stale. */
        DROPOUT("dropout"),
        /** An absurd value, by default one no such sensor can report (e.g. -127 C, a DS18B20's "no device"). */
        OUT_OF_RANGE("out-of-range"),
        /** The bus delivers garbage: the reading fails as bad, "CRC error". */
        CRC("crc");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }

        public static Kind parse(String text) {
            return Arrays.stream(values()).filter(k -> k.wire.equals(text)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown fault '" + text + "'; known: " + known()));
        }

        public static String known() {
            return Arrays.stream(values()).map(Kind::wire).collect(Collectors.joining(", "));
        }
    }
}
