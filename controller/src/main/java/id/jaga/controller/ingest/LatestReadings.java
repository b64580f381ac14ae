package id.jaga.controller.ingest;

import id.jaga.sensors.wire.Reading;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** The newest reading of each sensor, kept in memory for the live API and the rules. */
public final class LatestReadings {
    private final Map<String, Slot> bySensor = new ConcurrentHashMap<>();

    /** Where one sensor's newest reading is kept; ingest keeps each sensor's slot, so a reading costs no lookup. */
    public static final class Slot {
        private final AtomicReference<Reading> newest = new AtomicReference<>();
    }

    public Slot slot(String sensor) {
        return bySensor.computeIfAbsent(sensor, s -> new Slot());
    }

    /** Keeps the reading unless a newer one (by the agent's time) is already there. */
    public void offer(Slot slot, Reading reading) {
        slot.newest.accumulateAndGet(reading, (old, now) -> old != null && now.ts().isBefore(old.ts()) ? old : now);
    }

    public void offer(Reading reading) {
        offer(slot(reading.sensor()), reading);
    }

    public Optional<Reading> get(String sensor) {
        Slot slot = bySensor.get(sensor);
        return Optional.ofNullable(slot == null ? null : slot.newest.get());
    }
}
