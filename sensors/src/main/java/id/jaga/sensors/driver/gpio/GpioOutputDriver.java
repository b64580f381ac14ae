package id.jaga.sensors.driver.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import id.jaga.config.Output;
import id.jaga.config.SiteLoader.Problems;
import id.jaga.sensors.output.OutputDriver;
import id.jaga.sensors.output.Switch;
import java.util.Set;

/**
 * A relay (door lock, siren) on a GPIO pin through Pi4J. Starts, and is left at shutdown, in the
 * inactive state, so a restarting agent never unlocks a door by itself.
 */
public final class GpioOutputDriver implements OutputDriver {
    private static final Set<String> KEYS = Set.of("type", "pin", "activeLow");
    private final Context pi4j;

    public GpioOutputDriver(Context pi4j) {
        this.pi4j = pi4j;
    }

    @Override
    public String type() {
        return GpioInputDriver.TYPE;
    }

    @Override
    public void check(Output output, String path, Problems problems) {
        String at = path + ".driver.";
        output.driver().keySet().stream().filter(k -> !KEYS.contains(k)).forEach(k ->
                problems.add(at + k, "unknown key '" + k + "' for the gpio driver; known: activeLow, pin, type"));
        Object pin = output.driver().get("pin");
        if (!(pin instanceof Integer p) || p < 0 || p > 27) {
            problems.add(at + "pin", "expected a BCM GPIO number 0-27, found '" + pin + "'");
        }
        Object activeLow = output.driver().get("activeLow");
        if (activeLow != null && !(activeLow instanceof Boolean)) {
            problems.add(at + "activeLow", "expected true or false, found '" + activeLow + "'");
        }
    }

    @Override
    public java.util.Optional<String> exclusiveResource(Output output) {
        return java.util.Optional.of("GPIO " + output.driver().get("pin"));
    }

    @Override
    public Switch open(Output output) {
        boolean activeLow = Boolean.TRUE.equals(output.driver().get("activeLow"));
        DigitalState off = activeLow ? DigitalState.HIGH : DigitalState.LOW;
        DigitalOutput pin = pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                .id("out-" + output.id()).name(output.id())
                .address((Integer) output.driver().get("pin"))
                .initial(off).shutdown(off)
                .build());
        return new Switch() {
            @Override
            public void set(boolean on) {
                pin.state(on != activeLow ? DigitalState.HIGH : DigitalState.LOW);
            }

            @Override
            public boolean isOn() {
                return (pin.state() == DigitalState.HIGH) != activeLow;
            }

            /** Leaves the relay inactive and frees the pin. */
            @Override
            public void close() {
                pi4j.shutdown(pin.id());
            }
        };
    }
}
