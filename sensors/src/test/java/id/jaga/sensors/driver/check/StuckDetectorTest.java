package id.jaga.sensors.driver.check;

import static id.jaga.sensors.driver.check.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Bounds;
import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StuckDetectorTest {

    /** Answers the given values in turn; null stands for a failed read. */
    private static final class Scripted implements SensorReader {
        private final Deque<Double> values;
        boolean closed;

        Scripted(Double... values) {
            this.values = new ArrayDeque<>();
            for (Double v : values) {
                this.values.add(v == null ? Double.NaN : v);
            }
        }

        @Override
        public Reading read(Instant now) {
            double v = values.remove();
            return Double.isNaN(v) ? Reading.failed("s", Quality.BAD, "CRC error", "C", now) : Reading.good("s", v, "C", now);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static List<String> readAll(SensorReader reader, int times) {
        return java.util.stream.IntStream.range(0, times).mapToObj(i -> describe(reader.read(T0.plusSeconds(i)))).toList();
    }

    private static String describe(Reading r) {
        return r.quality() == Quality.GOOD ? String.valueOf(r.value()) : r.quality().wire() + " " + r.reason();
    }

    @Test
    void identicalReadsBecomeBadFromTheConfiguredCountOnAndRecoverWhenTheValueMoves() {
        SensorReader reader = new StuckDetector(new Scripted(21.5, 21.5, 21.5, 21.5, 21.6, 21.6), 3);

        assertEquals(List.of("21.5", "21.5", "bad stuck at 21.5 for 3 reads", "bad stuck at 21.5 for 4 reads", "21.6", "21.6"),
                readAll(reader, 6));
    }

    @Test
    void aFailedReadEndsTheRun() {
        SensorReader reader = new StuckDetector(new Scripted(20.0, 20.0, null, 20.0, 20.0, 20.0), 3);

        assertEquals(List.of("20.0", "20.0", "bad CRC error", "20.0", "20.0", "bad stuck at 20 for 3 reads"), readAll(reader, 6));
    }

    @Test
    void offByDefaultButTheKindRangeStillApplies() {
        SensorReader reader = StuckDetector.wrap(new Scripted(45.0, 45.0, 45.0, 45.0, 100.5), Range.of(SensorKind.HUMIDITY), 0);

        assertEquals(List.of("45.0", "45.0", "45.0", "45.0", "bad out of physical range: 100.5 C (0..100)"), readAll(reader, 5));
    }

    @Test
    void outOfRangeReadsDoNotCountTowardsStuck() {
        SensorReader reader = StuckDetector.wrap(new Scripted(-1.0, -1.0, -1.0, 7.0), Range.of(SensorKind.DOOR), 2);

        assertEquals(List.of("bad out of physical range: -1 C (0 or 1)", "bad out of physical range: -1 C (0 or 1)",
                "bad out of physical range: -1 C (0 or 1)", "bad out of physical range: 7 C (0 or 1)"), readAll(reader, 4));
    }

    @Test
    void closePassesThroughBothWrappers() {
        Scripted raw = new Scripted();
        StuckDetector.wrap(raw, Range.ANY, 5).close();
        assertTrue(raw.closed);
    }

    @Test
    void oneReadCannotBeStuck() {
        assertThrows(IllegalArgumentException.class, () -> new StuckDetector(new Scripted(), 1));
    }

    @Test
    void kindRangesCoverTheQuantitiesThatHaveLimits() {
        assertEquals(new Range(0, 100), Range.of(SensorKind.HUMIDITY));
        assertEquals(new Range(0, 100), Range.of(SensorKind.BATTERY_CHARGE));
        assertTrue(Range.of(SensorKind.DISK_FREE).contains(0) && !Range.of(SensorKind.DISK_FREE).contains(-1));
        assertTrue(Range.of(SensorKind.CURRENT).contains(-3.2), "current flows both ways");
        assertTrue(Range.of(SensorKind.UPS_LOAD).contains(120), "a UPS can be overloaded");
        assertFalse(Range.of(SensorKind.UPS_LOAD).contains(655.35), "an all-ones register is no load");
        assertEquals(new Range(-40, 125), Range.of(SensorKind.TEMPERATURE));
        assertFalse(Range.of(SensorKind.TEMPERATURE).contains(1e308));
    }

    @Test
    void aContactIsZeroOrOneAndNothingBetween() {
        Range door = Range.of(SensorKind.DOOR);

        assertTrue(door.contains(0) && door.contains(1));
        assertFalse(door.contains(0.5), "a door is open or closed");
        assertEquals("0 or 1", door.describe());
    }

    @Test
    void aSensorsOwnBoundsReplaceItsKindsEndByEnd() {
        Sensor freezer = Fixtures.sensor("t", SensorKind.TEMPERATURE, Map.of("type", "sht31")).withBounds(new Bounds(-60.0, null));
        SensorReader reader = StuckDetector.wrap(new Scripted(-50.0, 130.0), Range.of(freezer), 0);

        assertEquals(List.of("-50.0", "bad out of physical range: 130 C (-60..125)"), readAll(reader, 2),
                "-50 is below the kind's minimum but not the sensor's; it keeps the kind's maximum");
    }
}
