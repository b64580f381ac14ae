package id.jaga.sensors.driver.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.config.SiteLoader.Problems;
import id.jaga.sensors.driver.EdgeSensor;
import id.jaga.sensors.driver.SensorDriver;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.driver.check.DriverSettings;
import id.jaga.sensors.wire.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A door contact (reed switch) or a smoke detector's relay contact on a GPIO pin, through Pi4J.
 * Reads 1 when active (door open, smoke) and 0 otherwise; debounced in software so a bouncing
 * contact gives one change, reported the moment it settles.
 */
public final class GpioInputDriver implements SensorDriver {
    public static final String TYPE = "gpio";
    static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(50);
    private static final Map<String, PullResistance> PULLS =
            Map.of("up", PullResistance.PULL_UP, "down", PullResistance.PULL_DOWN, "none", PullResistance.OFF);

    private final Context pi4j;
    private final ScheduledExecutorService debouncer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gpio-debounce");
        t.setDaemon(true);
        return t;
    });

    public GpioInputDriver(Context pi4j) {
        this.pi4j = pi4j;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void check(Sensor sensor, String path, Problems problems) {
        settings(DriverSettings.checking(TYPE, sensor, path, problems, "pin", "pull", "activeLow", "debounce"));
    }

    /** Read alike when checking and when opening. */
    private static Settings settings(DriverSettings d) {
        d.kinds(SensorKind.DOOR, SensorKind.SMOKE, SensorKind.EXIT_REQUEST, SensorKind.TAMPER);
        return new Settings(d.integer("pin", null, 0, 27), PULLS.get(d.choice("pull", "up", "up", "down", "none")),
                d.bool("activeLow", false), d.duration("debounce", DEFAULT_DEBOUNCE));
    }

    private record Settings(Integer pin, PullResistance pull, boolean activeLow, Duration debounce) {
    }

    @Override
    public java.util.Optional<String> exclusiveResource(Sensor sensor) {
        return java.util.Optional.of("GPIO " + sensor.driver().get("pin"));
    }

    @Override
    public SensorReader open(Sensor sensor) {
        Settings settings = settings(DriverSettings.opening(TYPE, sensor));
        // A smoke detector's relay closes to ground on alarm; a door's reed switch opens with the door.
        boolean activeLow = sensor.driver().containsKey("activeLow") ? settings.activeLow() : sensor.kind() == SensorKind.SMOKE;
        DigitalInput input = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                .id("in-" + sensor.id()).name(sensor.id())
                .address(settings.pin())
                .pull(settings.pull())
                .build());
        return new Contact(pi4j, sensor, input, activeLow, settings.debounce(), debouncer);
    }

    /** One contact: its debounced state, and the listeners told when it changes. */
    static final class Contact implements SensorReader, EdgeSensor {
        private final Context pi4j;
        private final Sensor sensor;
        private final DigitalInput input;
        private final boolean activeLow;
        private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
        private volatile boolean active;
        private ScheduledFuture<?> settling;

        Contact(Context pi4j, Sensor sensor, DigitalInput input, boolean activeLow, Duration debounce,
                ScheduledExecutorService debouncer) {
            this.pi4j = pi4j;
            this.sensor = sensor;
            this.input = input;
            this.activeLow = activeLow;
            this.active = isActive(input.state());
            // Every edge restarts the settling time; only a state that holds that long is reported.
            input.addListener(e -> edge(debouncer, debounce));
        }

        private synchronized void edge(ScheduledExecutorService debouncer, Duration debounce) {
            if (settling != null) {
                settling.cancel(false);
            }
            settling = debouncer.schedule(this::settle, debounce.toMillis(), TimeUnit.MILLISECONDS);
        }

        private boolean isActive(DigitalState state) {
            return (state == DigitalState.HIGH) != activeLow;
        }

        private synchronized void settle() {
            boolean now = isActive(input.state());
            if (now != active) {
                active = now;
                listeners.forEach(l -> l.accept(now));
            }
        }

        @Override
        public void onChange(Consumer<Boolean> listener) {
            listeners.add(listener);
        }

        /** Frees the pin, so an agent restarted in the same process can claim it again. */
        @Override
        public void close() {
            pi4j.shutdown(input.id());
        }

        /** The debounced state: the same the change events reported. */
        @Override
        public Reading read(Instant now) {
            return Reading.good(sensor.id(), active ? 1 : 0, sensor.unit(), now);
        }
    }
}
