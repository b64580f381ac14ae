package id.jaga.controller.green;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Live PUE over the last 15 minutes, which the hourly roll-up cannot give: the current power of every
 * meter is sampled every {@link #EVERY}; a sample counts only when every meter has a current good
 * reading, no UPS says it discharges and the facility draws at least what IT draws (as in
 * {@link GreenRollup}: otherwise the IT load runs from a battery the facility meter does not see).
 * The samples left out are counted by reason. Kept in memory: after a restart the window fills
 * again, and its coverage says so.
 */
public final class LivePower {
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration EVERY = Duration.ofSeconds(10);

    private final List<String> facility;
    private final List<String> it;
    private final List<String> upsStatus;
    private final Function<String, Optional<Reading>> latest;
    private final Predicate<String> current;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();

    private enum Kind { MEASURED, UPS_ON_BATTERY, FACILITY_BELOW_IT }

    private record Sample(Instant at, Kind kind, double facilityW, double itW) {
    }

    /** {@code current}: whether a sensor's last reading is still fresh (not past its staleAfter). */
    public LivePower(SiteConfig site, Function<String, Optional<Reading>> latest, Predicate<String> current, Clock clock) {
        this.facility = site.facilityMeters().stream().map(PlacedSensor::sensor).map(s -> s.id()).toList();
        this.it = site.itMeters().stream().map(PlacedSensor::sensor).map(s -> s.id()).toList();
        this.upsStatus = GreenRollup.upsStatusSensors(site).map(p -> p.sensor().id()).toList();
        this.latest = latest;
        this.current = current;
        this.clock = clock;
    }

    public synchronized void sample() {
        Instant now = clock.instant();
        while (!samples.isEmpty() && samples.peekFirst().at().isBefore(now.minus(WINDOW))) {
            samples.removeFirst();
        }
        if (discharging()) {
            samples.addLast(new Sample(now, Kind.UPS_ON_BATTERY, 0, 0));
            return;
        }
        Double f = sum(facility);
        Double i = sum(it);
        if (f != null && i != null) {
            samples.addLast(f < i ? new Sample(now, Kind.FACILITY_BELOW_IT, 0, 0) : new Sample(now, Kind.MEASURED, f, i));
        }
    }

    /** A UPS whose current status says it is on battery or discharging. */
    private boolean discharging() {
        return upsStatus.stream().anyMatch(id -> current.test(id)
                && latest.apply(id).filter(GreenRollup::discharging).isPresent());
    }

    private Double sum(List<String> meters) {
        if (meters.isEmpty()) {
            return null;
        }
        double total = 0;
        for (String id : meters) {
            Optional<Reading> r = latest.apply(id).filter(x -> x.quality() == Quality.GOOD && x.value() != null);
            if (r.isEmpty() || !current.test(id)) {
                return null;
            }
            total += r.get().value();
        }
        return total;
    }

    /** PUE over the window from the measured samples' powers, with the shares measured and left out. */
    public synchronized GreenFigures.Pue pue() {
        Instant now = clock.instant();
        Instant from = now.minus(WINDOW);
        double f = 0;
        double i = 0;
        int[] counts = new int[Kind.values().length];
        for (Sample s : samples) {
            if (!s.at().isBefore(from)) {
                counts[s.kind().ordinal()]++;
                f += s.facilityW();
                i += s.itW();
            }
        }
        int n = counts[Kind.MEASURED.ordinal()];
        double hoursEach = EVERY.toSeconds() / 3600.0; // each sample stands for its 10 s: the energy measured, not extrapolated
        long expected = WINDOW.dividedBy(EVERY);
        double coverage = Math.min(1, (double) n / expected);
        double battery = Math.min(1 - coverage, (double) counts[Kind.UPS_ON_BATTERY.ordinal()] / expected);
        double below = Math.min(1 - coverage - battery, (double) counts[Kind.FACILITY_BELOW_IT.ordinal()] / expected);
        return new GreenFigures.Pue(from, now, n > 0 && i > 0 ? f / i : null, f * hoursEach / 1000, i * hoursEach / 1000,
                coverage,
                new GreenFigures.LeftOut(battery, Math.max(0, 1 - coverage - battery - below), below));
    }
}
