package id.jaga.simulator.model;

import id.jaga.sensors.driver.SimulatedInputs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Smoke in a room: a detector that sees it goes active at once; after {@code spreadAfter} the smoke
 * reaches the room's next detector (in site-file order), and from there the next.
 */
final class Smoke {
    private final SimulatedInputs inputs;
    private final Map<String, List<String>> detectorsByRoom;
    private final Duration spreadAfter;
    private final Set<String> active = new LinkedHashSet<>();
    private final List<Spread> pending = new ArrayList<>();

    Smoke(SimulatedInputs inputs, Map<String, List<String>> detectorsByRoom, Duration spreadAfter) {
        this.inputs = inputs;
        this.detectorsByRoom = detectorsByRoom;
        this.spreadAfter = spreadAfter;
    }

    synchronized void detect(String detector, Instant now) {
        String room = roomOf(detector);
        activate(detector, room, now);
    }

    /** Spreads due by {@code now} reach their detectors. */
    synchronized void step(Instant now) {
        for (Spread due : pending.stream().filter(s -> !s.at().isAfter(now)).toList()) {
            pending.remove(due);
            detectorsByRoom.get(due.room()).stream().filter(d -> !active.contains(d)).findFirst()
                    .ifPresent(next -> activate(next, due.room(), due.at()));
        }
    }

    /** The air is clear again: every detector resets and nothing spreads any more. */
    synchronized void clear() {
        active.forEach(d -> inputs.set(d, 0));
        active.clear();
        pending.clear();
    }

    synchronized boolean active(String detector) {
        return active.contains(detector);
    }

    private void activate(String detector, String room, Instant at) {
        if (active.add(detector)) {
            inputs.set(detector, 1);
        }
        if (detectorsByRoom.get(room).stream().anyMatch(d -> !active.contains(d))) {
            pending.add(new Spread(at.plus(spreadAfter), room));
        }
    }

    private String roomOf(String detector) {
        return detectorsByRoom.entrySet().stream().filter(e -> e.getValue().contains(detector)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no simulated smoke detector '" + detector
                        + "'; known: " + String.join(", ", detectorsByRoom.values().stream().flatMap(List::stream).toList())));
    }

    private record Spread(Instant at, String room) {
    }
}
