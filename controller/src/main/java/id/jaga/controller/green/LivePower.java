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
 * reading. Kept in memory: after a restart the window fills again, and its coverage says so.
 */
public final class LivePower {
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration EVERY = Duration.ofSeconds(10);

    private final List<String> facility;
    private final List<String> it;
    private final Function<String, Optional<Reading>> latest;
    private final Predicate<String> current;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();

    private record Sample(Instant at, double facilityW, double itW) {
    }

    /** {@code current}: whether a sensor's last reading is still fresh (not past its staleAfter). */
    public LivePower(SiteConfig site, Function<String, Optional<Reading>> latest, Predicate<String> current, Clock clock) {
        this.facility = site.facilityMeters().stream().map(PlacedSensor::sensor).map(s -> s.id()).toList();
        this.it = site.itMeters().stream().map(PlacedSensor::sensor).map(s -> s.id()).toList();
        this.latest = latest;
        this.current = current;
        this.clock = clock;
    }

    public synchronized void sample() {
        Instant now = clock.instant();
        while (!samples.isEmpty() && samples.peekFirst().at().isBefore(now.minus(WINDOW))) {
            samples.removeFirst();
        }
        Double f = sum(facility);
        Double i = sum(it);
        if (f != null && i != null) {
            samples.addLast(new Sample(now, f, i));
        }
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

    /** PUE over the window from the mean powers, with the share of samples that had every meter. */
    public synchronized GreenFigures.Pue pue() {
        Instant now = clock.instant();
        Instant from = now.minus(WINDOW);
        double f = 0;
        double i = 0;
        int n = 0;
        for (Sample s : samples) {
            if (!s.at().isBefore(from)) {
                f += s.facilityW();
                i += s.itW();
                n++;
            }
        }
        double hours = WINDOW.toSeconds() / 3600.0;
        long expected = WINDOW.dividedBy(EVERY);
        return new GreenFigures.Pue(from, now, n > 0 && i > 0 ? f / i : null, n == 0 ? 0 : f / n * hours / 1000,
                n == 0 ? 0 : i / n * hours / 1000, Math.min(1, (double) n / expected));
    }
}
