package id.jaga.sensors.driver.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.config.SiteLoader.Problems;
import id.jaga.sensors.driver.SensorDriver;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.wire.Reading;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A facility energy meter's S0 pulse output (IEC 62053-31) on a GPIO pin: the generic input every
 * kWh meter has, for the facility side of PUE. Reads the energy counted since the agent started,
 * in kWh; the count restarts at zero with the agent (its boot counter tells the controller so).
 */
public final class S0MeterDriver implements SensorDriver {
    public static final String TYPE = "s0-meter";
    private static final Set<String> KEYS = Set.of("type", "pin", "pulsesPerKwh", "pull");
    private final Context pi4j;

    public S0MeterDriver(Context pi4j) {
        this.pi4j = pi4j;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void check(Sensor sensor, String path, Problems problems) {
        String at = path + ".driver.";
        sensor.driver().keySet().stream().filter(k -> !KEYS.contains(k)).forEach(k ->
                problems.add(at + k, "unknown key '" + k + "' for the s0-meter driver; known: pin, pulsesPerKwh, pull, type"));
        if (sensor.kind() != SensorKind.ENERGY) {
            problems.add(path + ".kind", "an S0 meter counts energy: kind energy, not " + sensor.kind());
        }
        Object pin = sensor.driver().get("pin");
        if (!(pin instanceof Integer p) || p < 0 || p > 27) {
            problems.add(at + "pin", "expected a BCM GPIO number 0-27, found '" + pin + "'");
        }
        Object rate = sensor.driver().get("pulsesPerKwh");
        if (!(rate instanceof Number n) || n.doubleValue() <= 0) {
            problems.add(at + "pulsesPerKwh", "expected the meter's impulses per kWh (on its label, e.g. 1000), found '" + rate + "'");
        }
        Object pull = sensor.driver().get("pull");
        if (pull != null && !Set.of("up", "down").contains(pull.toString())) {
            problems.add(at + "pull", "expected up or down, found '" + pull + "'");
        }
    }

    @Override
    public Optional<String> exclusiveResource(Sensor sensor) {
        return Optional.of("GPIO " + sensor.driver().get("pin"));
    }

    @Override
    public SensorReader open(Sensor sensor) {
        double pulsesPerKwh = ((Number) sensor.driver().get("pulsesPerKwh")).doubleValue();
        // S0 is an open collector that pulls the pin low for each pulse: count falling edges.
        boolean pullDown = "down".equals(sensor.driver().get("pull"));
        DigitalInput input = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                .id("in-" + sensor.id()).name(sensor.id())
                .address((Integer) sensor.driver().get("pin"))
                .pull(pullDown ? PullResistance.PULL_DOWN : PullResistance.PULL_UP)
                .build());
        DigitalState pulse = pullDown ? DigitalState.HIGH : DigitalState.LOW;
        AtomicLong pulses = new AtomicLong();
        input.addListener(e -> {
            if (e.state() == pulse) {
                pulses.incrementAndGet();
            }
        });
        return new SensorReader() {
            @Override
            public Reading read(Instant now) {
                return Reading.good(sensor.id(), pulses.get() / pulsesPerKwh, sensor.unit(), now);
            }

            @Override
            public void close() {
                pi4j.shutdown(input.id());
            }
        };
    }
}
