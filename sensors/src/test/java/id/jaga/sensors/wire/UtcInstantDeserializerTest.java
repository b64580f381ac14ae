package id.jaga.sensors.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path for times as the wire writes them agrees with the general parser, and leaves it everything else. */
class UtcInstantDeserializerTest {
    @Test
    void readsWhatInstantToStringWritesWithEveryLengthOfFraction() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long second = random.nextLong(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(second, nanos);
            assertEquals(t, UtcInstantDeserializer.parse(t.toString()), t.toString());
        }
        assertEquals(Instant.parse("2025-03-14T02:15:07.5Z"), UtcInstantDeserializer.parse("2025-03-14T02:15:07.5Z"));
    }

    @Test
    void leavesOtherFormsToTheGeneralParser() {
        for (String other : List.of("2025-03-14T02:15:07+07:00", "2025-03-14T02:15:07z", "2025-03-14T02:15:07", "2025-03-14 02:15:07Z",
                "2016-12-31T23:59:60Z", "2025-02-30T00:00:00Z", "2025-03-14T24:00:00Z", "2025-03-14T02:15:07.Z",
                "2025-03-14T02:15:07.1234567891Z", "+12025-03-14T02:15:07Z", "2025-3-14T02:15:07Z", "2025-03-14T02:15:0xZ")) {
            assertNull(UtcInstantDeserializer.parse(other), other);
        }
    }

    @Test
    void whatTheGeneralParserRefusesIsStillRefused() {
        String telemetry = "{\"schema\":1,\"agent\":\"pi-row-1\",\"seq\":1,\"ts\":\"2025-02-30T00:00:00Z\",\"readings\":[]}";

        WireException e = assertThrows(WireException.class, () -> Wire.decode(telemetry.getBytes(StandardCharsets.UTF_8), Telemetry.class));

        assertEquals("bad-value", e.reason());
    }

    @Test
    void anOffsetIsStillUnderstood() {
        String telemetry = "{\"schema\":1,\"agent\":\"pi-row-1\",\"seq\":1,\"ts\":\"2025-03-14T09:15:07+07:00\",\"readings\":[]}";

        assertEquals(Instant.parse("2025-03-14T02:15:07Z"), Wire.decode(telemetry.getBytes(StandardCharsets.UTF_8), Telemetry.class).ts());
    }
}
