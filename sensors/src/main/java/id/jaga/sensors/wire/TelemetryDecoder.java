package id.jaga.sensors.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes telemetry, the one message that arrives by the thousand per second, token by token, and
 * tells where its readings array lies in the payload so they can be stored as they were sent.
 * <p>
 * It takes only the plain form the wire writes: known fields once each, no nulls, times as
 * {@link Instant#toString()} writes them. Anything else, valid or not, goes to {@link Wire#decode},
 * which stays the one judge of what is refused and why; so this decoder accepts nothing that one
 * would refuse, and a refused message reads the same whichever way it came in.
 */
public final class TelemetryDecoder {
    private static final JsonFactory JSON = new JsonFactory();

    private TelemetryDecoder() {
    }

    /** A decoded message; {@code readingsFrom} and {@code readingsTo} bound its readings array in the payload, or are -1. */
    public record Decoded(Telemetry telemetry, byte[] payload, int readingsFrom, int readingsTo) {
        /** The readings array exactly as the agent sent it (UTF-8 JSON), or null when it was decoded the general way. */
        public byte[] readingsAsSent() {
            return readingsFrom < 0 ? null : Arrays.copyOfRange(payload, readingsFrom, readingsTo);
        }
    }

    /** Decodes and validates, or throws {@link WireException} with the same reason as {@link Wire#decode}. */
    public static Decoded decode(byte[] payload) {
        try (JsonParser p = JSON.createParser(payload)) {
            Decoded plain = plain(p, payload);
            if (plain != null) {
                return plain;
            }
        } catch (IOException | RuntimeException e) {
            // Not the plain form, or not valid: the general decoder says which, and why.
        }
        return new Decoded(Wire.decode(payload, Telemetry.class), payload, -1, -1);
    }

    private static Decoded plain(JsonParser p, byte[] payload) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        Integer schema = null;
        String agent = null;
        Long seq = null;
        Instant ts = null;
        List<Reading> readings = null;
        int from = -1;
        int to = -1;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "schema" -> {
                    if (schema != null || value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                        return null;
                    }
                    schema = p.getIntValue();
                }
                case "agent" -> {
                    if (agent != null || value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    agent = p.getText();
                }
                case "seq" -> {
                    if (seq != null || value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        return null;
                    }
                    seq = p.getLongValue();
                }
                case "ts" -> {
                    if (ts != null || (ts = time(p, value)) == null) {
                        return null;
                    }
                }
                case "readings" -> {
                    if (readings != null || value != JsonToken.START_ARRAY) {
                        return null;
                    }
                    from = (int) p.currentTokenLocation().getByteOffset();
                    readings = new ArrayList<>();
                    for (JsonToken r = p.nextToken(); r != JsonToken.END_ARRAY; r = p.nextToken()) {
                        Reading reading = r == JsonToken.START_OBJECT ? reading(p) : null;
                        if (reading == null) {
                            return null;
                        }
                        readings.add(reading);
                    }
                    to = (int) p.currentTokenLocation().getByteOffset() + 1;
                }
                default -> {
                    return null;
                }
            }
        }
        if (p.nextToken() != null) {
            return null; // trailing content
        }
        return new Decoded(new Telemetry(schema, agent, seq, ts, readings), payload, from, to);
    }

    /** One reading in the plain form, the parser on its opening brace; null for anything else. */
    private static Reading reading(JsonParser p) throws IOException {
        String sensor = null;
        Double value = null;
        String text = null;
        String unit = null;
        Quality quality = null;
        String reason = null;
        Instant ts = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            boolean string = token == JsonToken.VALUE_STRING;
            switch (field) {
                case "sensor" -> {
                    if (sensor != null || !string) {
                        return null;
                    }
                    sensor = p.getText();
                }
                case "value" -> {
                    if (value != null || !token.isNumeric()) {
                        return null;
                    }
                    value = p.getDoubleValue();
                }
                case "text" -> {
                    if (text != null || !string) {
                        return null;
                    }
                    text = p.getText();
                }
                case "unit" -> {
                    if (unit != null || !string) {
                        return null;
                    }
                    unit = p.getText();
                }
                case "quality" -> {
                    if (quality != null || !string || (quality = quality(p.getText())) == null) {
                        return null;
                    }
                }
                case "reason" -> {
                    if (reason != null || !string) {
                        return null;
                    }
                    reason = p.getText();
                }
                case "ts" -> {
                    if (ts != null || (ts = time(p, token)) == null) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return new Reading(sensor, value, text, unit, quality, reason, ts);
    }

    private static Instant time(JsonParser p, JsonToken token) throws IOException {
        return token == JsonToken.VALUE_STRING ? UtcInstantDeserializer.parse(p.getText()) : null;
    }

    private static Quality quality(String wire) {
        return switch (wire) {
            case "good" -> Quality.GOOD;
            case "stale" -> Quality.STALE;
            case "bad" -> Quality.BAD;
            default -> null;
        };
    }
}
