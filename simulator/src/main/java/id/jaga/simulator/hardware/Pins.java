package id.jaga.simulator.hardware;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProviderImpl;
import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.sensors.driver.gpio.GpioInputDriver;
import id.jaga.sensors.driver.gpio.S0MeterDriver;
import java.util.HashMap;
import java.util.Map;

/**
 * The Pi's GPIO inputs wired to the world, as Pi4J's mock digital input provider: a door, smoke,
 * exit or tamper contact holds its pin at the level the world's state gives, and an S0 energy
 * meter pulls its pin low (or high, pulled down) once per pulse as the world's energy count grows.
 * An input opened on a pin starts at the pin's level, as a real pin reads its wire. A failing
 * contact is a cut wire: its pin is where the pull resistor takes it.
 */
final class Pins extends MockDigitalInputProviderImpl {
    private final World world;
    private final Map<Integer, Sensor> contacts = new HashMap<>();
    private final Map<Integer, Meter> meters = new HashMap<>();

    /** {@code sensors}: the agent's sensors; those on GPIO contacts and S0 meters are wired. */
    Pins(World world, Iterable<Sensor> sensors) {
        this.world = world;
        for (Sensor sensor : sensors) {
            if (GpioInputDriver.TYPE.equals(sensor.driverType())) {
                contacts.put(pin(sensor), sensor);
            } else if (S0MeterDriver.TYPE.equals(sensor.driverType())) {
                meters.put(pin(sensor), new Meter(sensor));
            }
        }
    }

    private static int pin(Sensor sensor) {
        return ((Number) sensor.driver().get("pin")).intValue();
    }

    @Override
    public synchronized DigitalInput create(DigitalInputConfig config) {
        MockDigitalInput input = new MockDigitalInput(this, config);
        input.mockState(level(config.address(), config.pull()));
        context.registry().add(input);
        return input;
    }

    /** Follows the world for a contact or meter wired here; other sensors are not on these pins. */
    synchronized void changed(String sensor) {
        contacts.forEach((pin, contact) -> {
            if (contact.id().equals(sensor)) {
                opened(pin).forEach(input -> input.mockState(level(pin, input.config().pull())));
            }
        });
        meters.forEach((pin, meter) -> {
            if (meter.sensor.id().equals(sensor)) {
                meter.count(opened(pin));
            }
        });
    }

    private Iterable<MockDigitalInput> opened(int pin) {
        return context.registry().allByType(MockDigitalInput.class).values().stream()
                .filter(input -> input.config().address() == pin).toList();
    }

    private DigitalState level(int pin, PullResistance pull) {
        Sensor contact = contacts.get(pin);
        if (contact != null) {
            if (world.fault(contact) != null) {
                return pull == PullResistance.PULL_DOWN ? DigitalState.LOW : DigitalState.HIGH;
            }
            return world.value(contact) >= 0.5 != activeLow(contact) ? DigitalState.HIGH : DigitalState.LOW;
        }
        Meter meter = meters.get(pin);
        return meter != null ? meter.idle() : DigitalState.LOW;
    }

    /** As the GPIO driver reads the wiring: a smoke detector's relay closes to ground on alarm, a door's reed switch opens. */
    private static boolean activeLow(Sensor contact) {
        Object set = contact.driver().get("activeLow");
        return set instanceof Boolean b ? b : contact.kind() == SensorKind.SMOKE;
    }

    /** An S0 output: an open collector, pulsing against the pull resistor. */
    private final class Meter {
        private final Sensor sensor;
        private final double pulsesPerKwh;
        private final boolean pullDown;
        private long pulsed;

        Meter(Sensor sensor) {
            this.sensor = sensor;
            this.pulsesPerKwh = ((Number) sensor.driver().get("pulsesPerKwh")).doubleValue();
            this.pullDown = "down".equals(sensor.driver().get("pull"));
            this.pulsed = due();
        }

        private long due() {
            return (long) Math.floor(world.value(sensor) * pulsesPerKwh);
        }

        DigitalState idle() {
            return pullDown ? DigitalState.LOW : DigitalState.HIGH;
        }

        /** One pulse per 1/pulsesPerKwh kWh the world counted since the last; none through a cut wire. */
        void count(Iterable<MockDigitalInput> inputs) {
            long due = due();
            if (world.fault(sensor) == null) {
                DigitalState pulse = pullDown ? DigitalState.HIGH : DigitalState.LOW;
                for (long n = pulsed; n < due; n++) {
                    inputs.forEach(input -> input.mockState(pulse).mockState(idle()));
                }
            }
            pulsed = due;
        }
    }
}
