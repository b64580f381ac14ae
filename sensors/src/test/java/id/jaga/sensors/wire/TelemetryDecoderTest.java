package id.jaga.sensors.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The telemetry decoder must agree with {@link Wire#decode} on every payload: the same message
 * when valid, the same reason and detail when refused; and it hands over the readings exactly as sent.
 */
class TelemetryDecoderTest {
    private static final Instant T0 = Instant.parse("2025-03-14T02:15:07.250Z");
    private static final String READING =
            "{\"sensor\":\"rack-1-inlet\",\"value\":22.4,\"unit\":\"C\",\"quality\":\"good\",\"ts\":\"2025-03-14T02:15:07.250Z\"}";

    private static String telemetryWith(String readings) {
        return "{\"schema\":1,\"agent\":\"pi-row-1\",\"seq\":3017,\"ts\":\"2025-03-14T02:15:08Z\",\"readings\":[" + readings + "]}";
    }

    static Stream<String> payloads() {
        String plain = telemetryWith(READING);
        return Stream.of(
                plain,
                Wire.encodeToString(new Telemetry("pi-row-1", 3017, T0, List.of(
                        Reading.good("rack-1-inlet", 22.4, "C", T0),
                        Reading.good("door-main", 0, "open", T0),
                        Reading.goodText("ups-status", "OL CHRG", "tokens", T0),
                        Reading.failed("rack-1-humidity", Quality.STALE, "no answer from sensor", "%RH", T0),
                        Reading.failed("rack-2-inlet", Quality.BAD, "1-wire CRC error", "C", T0)))),
                telemetryWith(""),
                telemetryWith(READING + "," + READING.replace("22.4", "23")),
                telemetryWith(READING.replace("22.4", "-0.5e1")),
                " {\n \"readings\" : [ " + READING + " ],\"ts\":\"2025-03-14T02:15:08Z\", \"seq\":1, \"agent\":\"pi-row-1\", \"schema\":1 }\n",
                telemetryWith(READING.replace("\"C\"", "\"\\u00b0C\"")),
                telemetryWith(READING.replace("\"C\"", "\"°C\"")),
                "\uFEFF" + plain,
                // valid in the general form only
                telemetryWith(READING.replace("\"unit\"", "\"text\":null,\"unit\"")),
                plain.replace("2025-03-14T02:15:08Z", "2025-03-14T09:15:08+07:00"),
                telemetryWith(READING.replace("2025-03-14T02:15:07.250Z", "2016-12-31T23:59:60Z")),
                // refused
                "",
                "not json",
                "[]",
                "null",
                plain + "{}",
                plain + "\u0000",
                plain.substring(0, plain.length() - 3),
                "// batch\n" + plain,
                plain.replace("\"schema\":1", "\"schema\":2"),
                plain.replace("\"schema\":1", "\"schema\":\"1\""),
                plain.replace("\"schema\":1", "\"schema\":1.0"),
                plain.replace("\"schema\":1,", ""),
                plain.replace("\"seq\":3017", "\"seq\":3017.5"),
                plain.replace("\"seq\":3017", "\"seq\":-1"),
                plain.replace("\"seq\":3017", "\"seq\":null"),
                plain.replace("\"seq\":3017", "\"seq\":99999999999999999999999"),
                plain.replace("\"seq\":3017", "\"seq\":3017,\"seq\":3018"),
                plain.replace("\"seq\":3017,", "\"seq\":3017,\"site\":\"demo\","),
                plain.replace("\"agent\":\"pi-row-1\"", "\"agent\":5"),
                plain.replace("\"ts\":\"2025-03-14T02:15:08Z\"", "\"ts\":\"yesterday\""),
                plain.replace("\"readings\":[" + READING + "]", "\"readings\":{}"),
                plain.replace("\"readings\":[" + READING + "]", "\"readings\":null"),
                telemetryWith("5"),
                telemetryWith(READING.replace("22.4", "\"22.4\"")),
                telemetryWith(READING.replace("22.4", "NaN")),
                telemetryWith(READING.replace("22.4", "1e999")),
                telemetryWith(READING.replace("22.4", "true")),
                telemetryWith(READING.replace("\"rack-1-inlet\"", "5")),
                telemetryWith(READING.replace("\"unit\":\"C\",", "")),
                telemetryWith(READING.replace("\"unit\":\"C\"", "\"unit\":\"C\",\"battery\":87")),
                telemetryWith(READING.replace("\"unit\":\"C\"", "\"unit\":\"C\",\"unit\":\"F\"")),
                telemetryWith(READING.replace("\"value\":22.4,", "")),
                telemetryWith(READING.replace("\"good\"", "\"GOOD\"")),
                telemetryWith(READING.replace("\"good\"", "\"fine\"")),
                telemetryWith(READING.replace("\"good\"", "\"stale\"")),
                telemetryWith(READING.replace("\"unit\"", "\"text\":\"" + "x".repeat(Reading.MAX_TEXT + 1) + "\",\"unit\"")),
                telemetryWith(READING + "," + READING.replace("\"good\"", "\"fine\"")),
                telemetryWith(String.join(",", Collections.nCopies(Telemetry.MAX_READINGS + 1, READING))));
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void agreesWithTheGeneralDecoder(String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        Telemetry expected;
        try {
            expected = Wire.decode(payload, Telemetry.class);
        } catch (WireException refused) {
            WireException e = assertThrows(WireException.class, () -> TelemetryDecoder.decode(payload));
            assertEquals(refused.reason(), e.reason());
            assertEquals(refused.getMessage(), e.getMessage());
            return;
        }
        TelemetryDecoder.Decoded decoded = TelemetryDecoder.decode(payload);
        assertEquals(expected, decoded.telemetry());
        if (decoded.readingsAsSent() != null) {
            assertEquals(expected.readings(), List.of(Wire.decode(decoded.readingsAsSent(), Reading[].class)),
                    "the readings as sent decode to the message's readings");
        }
    }

    @Test
    void handsOverTheReadingsOfThePlainFormAsSent() {
        String readings = READING + ",\n  " + READING.replace("\"C\"", "\"°C\"");
        TelemetryDecoder.Decoded decoded = TelemetryDecoder.decode(telemetryWith(readings).getBytes(StandardCharsets.UTF_8));
        assertEquals("[" + readings + "]", new String(decoded.readingsAsSent(), StandardCharsets.UTF_8));

        String agents = Wire.encodeToString(new Telemetry("pi-row-1", 1, T0, List.of(Reading.good("rack-1-inlet", 22.4, "C", T0))));
        assertTrue(new String(TelemetryDecoder.decode(agents.getBytes(StandardCharsets.UTF_8)).readingsAsSent(),
                StandardCharsets.UTF_8).startsWith("[{"),
                "what the agent writes is the plain form");
    }

    @Test
    void anythingElseIsDecodedTheGeneralWay() {
        String offset = telemetryWith(READING).replace("2025-03-14T02:15:08Z", "2025-03-14T09:15:08+07:00");
        TelemetryDecoder.Decoded decoded = TelemetryDecoder.decode(offset.getBytes(StandardCharsets.UTF_8));
        assertEquals(Instant.parse("2025-03-14T02:15:08Z"), decoded.telemetry().ts());
        assertNull(decoded.readingsAsSent());
    }
}
