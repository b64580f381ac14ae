package id.jaga.controller.ingest;

import id.jaga.sensors.wire.Reading;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The newest reading of each sensor, kept in memory for the live API. */
public final class LatestReadings {
    private final Map<String, Reading> bySensor = new ConcurrentHashMap<>();

    /** Keeps the reading unless a newer one (by the agent's time) is already there. */
    public void offer(Reading reading) {
        bySensor.merge(reading.sensor(), reading, (old, now) -> now.ts().isBefore(old.ts()) ? old : now);
    }

    public Optional<Reading> get(String sensor) {
        return Optional.ofNullable(bySensor.get(sensor));
    }
}
