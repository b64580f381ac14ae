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
import id.jaga.sensors.driver.check.DriverSettings;
import id.jaga.sensors.wire.Reading;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A facility energy meter's S0 pulse output (IEC 62053-31) on a GPIO pin: the generic input every
 * kWh meter has, for the facility side of PUE. Reads the energy counted since the agent started,
 * in kWh; the count restarts at zero with the agent (its boot counter tells the controller so).
 */
public final class S0MeterDriver implements SensorDriver {
    public static final String TYPE = "s0-meter";
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
        settings(DriverSettings.checking(TYPE, sensor, path, problems, "pin", "pulsesPerKwh", "pull"));
    }

    /** Read alike when checking and when opening. */
    private static Settings settings(DriverSettings d) {
        d.kinds(SensorKind.ENERGY);
        return new Settings(d.integer("pin", null, 0, 27), d.positive("pulsesPerKwh", null, 0),
                "down".equals(d.choice("pull", "up", "up", "down")));
    }

    private record Settings(Integer pin, Double pulsesPerKwh, boolean pullDown) {
    }

    @Override
    public Optional<String> exclusiveResource(Sensor sensor) {
        return Optional.of("GPIO " + sensor.driver().get("pin"));
    }

    @Override
    public SensorReader open(Sensor sensor) {
        Settings settings = settings(DriverSettings.opening(TYPE, sensor));
        double pulsesPerKwh = settings.pulsesPerKwh();
        // S0 is an open collector that pulls the pin low for each pulse: count falling edges.
        boolean pullDown = settings.pullDown();
        DigitalInput input = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                .id("in-" + sensor.id()).name(sensor.id())
                .address(settings.pin())
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
