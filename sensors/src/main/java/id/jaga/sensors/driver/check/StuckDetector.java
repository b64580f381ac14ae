package id.jaga.sensors.driver.check;

import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.time.Instant;
import java.util.Objects;

/**
 * Marks a value BAD once a sensor has returned exactly the same value {@code stuckAfter} reads in
 * a row: real temperatures, currents and humidities jitter in their last digit, so an unchanging
 * one usually means a frozen device or a driver serving an old value. Only good readings count; a
 * failed read ends the run.
 */
public final class StuckDetector implements SensorReader {
    /** The driver setting that turns detection on; off (0) by default. */
    public static final String SETTING = "stuckAfter";

    private final SensorReader reader;
    private final int stuckAfter;
    private Double last;
    private int run;

    public StuckDetector(SensorReader reader, int stuckAfter) {
        if (stuckAfter < 2) {
            throw new IllegalArgumentException("stuckAfter must be at least 2, was " + stuckAfter);
        }
        this.reader = reader;
        this.stuckAfter = stuckAfter;
    }

    /**
     * The checks every hardware driver applies to its readings: the sensor's physical range (its
     * kind's, or its own from the site file: {@link Range#of(id.jaga.config.Sensor)}), then, when
     * {@code stuckAfter} is set (above 0), stuck detection.
     */
    public static SensorReader wrap(SensorReader reader, Range sensorRange, int stuckAfter) {
        SensorReader ranged = new SensorReader() {
            @Override
            public Reading read(Instant now) {
                return sensorRange.apply(reader.read(now));
            }

            @Override
            public void close() {
                reader.close();
            }
        };
        return stuckAfter > 0 ? new StuckDetector(ranged, stuckAfter) : ranged;
    }

    @Override
    public Reading read(Instant now) {
        Reading reading = reader.read(now);
        if (reading.quality() != Quality.GOOD || reading.value() == null) {
            last = null;
            run = 0;
            return reading;
        }
        run = Objects.equals(reading.value(), last) ? run + 1 : 1;
        last = reading.value();
        if (run < stuckAfter) {
            return reading;
        }
        return Reading.failed(reading.sensor(), Quality.BAD, "stuck at " + Range.text(last) + " for " + run + " reads",
                reading.unit(), reading.ts());
    }

    @Override
    public void close() {
        reader.close();
    }
}
