package id.jaga.controller.alarm;

import id.jaga.config.SensorKind;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.config.Sensor;
import id.jaga.config.Thresholds;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The dew point, derived from a humidity sensor and the temperature sensor next to it, judged
 * against the {@code dew-point} thresholds (ASHRAE: condensation risk above, static below). The
 * pair is the temperature sensor on the same device (an SHT31 measures both), or else the only
 * temperature sensor of the same agent in the same rack; with several and none on the same device,
 * the humidity sensor gets no dew point rather than a guessed one. Its alarms have the humidity
 * sensor as source and type {@code dew-point-high} or {@code dew-point-low}.
 */
public final class DewPoint {
    /** Readings further apart than this do not describe the same air. */
    static final Duration MAX_APART = Duration.ofMinutes(2);

    private final AlarmService alarms;
    private final Function<String, Optional<Reading>> latest;
    private final Map<String, List<Pair>> bySensor = new HashMap<>();

    private record Pair(PlacedSensor humidity, PlacedSensor temperature, PlacedSensor derived, Thresholds thresholds) {
    }

    public DewPoint(SiteConfig site, AlarmService alarms, Function<String, Optional<Reading>> latest) {
        this.alarms = alarms;
        this.latest = latest;
        // Temperature sensors by agent and place, so pairing a large site is not a scan per humidity sensor.
        Map<String, List<PlacedSensor>> temperatures = site.sensors().filter(p -> p.sensor().kind() == SensorKind.TEMPERATURE)
                .collect(Collectors.groupingBy(DewPoint::place));
        site.sensors().filter(p -> p.sensor().kind() == SensorKind.HUMIDITY).forEach(h -> {
            partner(h, temperatures.getOrDefault(place(h), List.of())).ifPresent(t -> {
                Sensor s = h.sensor();
                PlacedSensor derived = new PlacedSensor(new Sensor(s.id(), SensorKind.DEW_POINT, null, s.agent(), Map.of(),
                        s.pollInterval(), null, s.staleAfter(), null), h.room(), h.rack(), h.path());
                Thresholds limits = site.thresholdsFor(derived);
                // No rate of change: its window would be rebuilt from the humidity sensor's stored values.
                Pair pair = new Pair(h, t, derived, new Thresholds(limits.critical(), limits.major(), limits.minor(),
                        limits.warning(), null));
                bySensor.computeIfAbsent(h.sensor().id(), k -> new ArrayList<>()).add(pair);
                bySensor.computeIfAbsent(t.sensor().id(), k -> new ArrayList<>()).add(pair);
            });
        });
    }

    /** Same agent, same room, same rack (or none). */
    private static String place(PlacedSensor p) {
        return p.sensor().agent() + "|" + p.room() + "|" + p.rack();
    }

    private static Optional<PlacedSensor> partner(PlacedSensor h, List<PlacedSensor> near) {
        List<PlacedSensor> sameDevice = near.stream().filter(t -> t.sensor().driver().equals(h.sensor().driver())).toList();
        if (sameDevice.size() == 1) {
            return Optional.of(sameDevice.get(0));
        }
        return near.size() == 1 ? Optional.of(near.get(0)) : Optional.empty();
    }

    /** The temperature sensor whose air a humidity sensor's dew point describes, if it has one. */
    public Optional<String> partnerOf(String humiditySensor) {
        return bySensor.getOrDefault(humiditySensor, List.of()).stream()
                .filter(p -> p.humidity().sensor().id().equals(humiditySensor))
                .map(p -> p.temperature().sensor().id()).findFirst();
    }

    /** Re-judges the dew point after a good reading of either sensor of a pair. */
    public void reading(Reading r) throws SQLException {
        if (r.quality() != Quality.GOOD || r.value() == null) {
            return;
        }
        for (Pair pair : bySensor.getOrDefault(r.sensor(), List.of())) {
            Optional<Reading> h = good(pair.humidity());
            Optional<Reading> t = good(pair.temperature());
            if (h.isEmpty() || t.isEmpty() || Duration.between(h.get().ts(), t.get().ts()).abs().compareTo(MAX_APART) > 0) {
                continue;
            }
            double dewPoint = Math.round(of(t.get().value(), h.get().value()) * 10) / 10.0;
            alarms.evaluate(pair.derived(), Reading.good(pair.humidity().sensor().id(), dewPoint, "C", r.ts()),
                    pair.thresholds());
        }
    }

    private Optional<Reading> good(PlacedSensor p) {
        return latest.apply(p.sensor().id()).filter(x -> x.quality() == Quality.GOOD && x.value() != null);
    }

    /** Magnus formula (Sonntag 1990 constants), good to about 0.35 C from -45 to 60 C. */
    static double of(double celsius, double relativeHumidity) {
        double a = 17.62;
        double b = 243.12;
        double gamma = Math.log(Math.max(relativeHumidity, 0.1) / 100.0) + a * celsius / (b + celsius);
        return b * gamma / (a - gamma);
    }
}
