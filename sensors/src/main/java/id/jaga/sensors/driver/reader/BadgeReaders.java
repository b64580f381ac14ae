package id.jaga.sensors.driver.reader;

import com.pi4j.context.Context;
import id.jaga.config.Reader;
import id.jaga.config.SiteLoader.Problems;
import id.jaga.sensors.driver.SimulatedInputs;
import java.util.List;

/**
 * Opens an agent's badge readers by {@code driver.type} ({@code wiegand}, and {@code simulated} where
 * there is a simulated world) and checks their settings.
 */
public final class BadgeReaders {
    public static final List<String> TYPES = List.of(WiegandReader.TYPE, SimulatedReader.TYPE);
    private final SimulatedInputs inputs;
    private final Context pi4j;

    /**
     * {@code pi4j} is the board Wiegand readers are wired to; {@code inputs} the simulated world that
     * {@code simulated} readers hear, or null where there is none (a production agent), which refuses them.
     */
    public BadgeReaders(SimulatedInputs inputs, Context pi4j) {
        this.inputs = inputs;
        this.pi4j = pi4j;
    }

    private List<String> types() {
        return inputs == null ? List.of(WiegandReader.TYPE) : TYPES;
    }

    /** {@code holdCardForPin}: the reader's door wants a PIN with the card, so a card waits for it. */
    public BadgeReader open(Reader reader, boolean holdCardForPin) {
        String type = reader.driverType();
        if (WiegandReader.TYPE.equals(type)) {
            return new WiegandReader(pi4j, reader, holdCardForPin);
        }
        if (SimulatedReader.TYPE.equals(type) && inputs != null) {
            return new SimulatedReader(inputs, reader.id());
        }
        throw new IllegalArgumentException("reader " + reader.id() + ": unknown driver '" + type + "'; known: " + String.join(", ", types()));
    }

    /** Reports an unknown type or bad settings; {@code path} is the reader's path in the site file. */
    public void check(Reader reader, String path, Problems problems) {
        String type = reader.driverType();
        if (type == null) {
            problems.add(path + ".driver.type", "missing; expected one of " + String.join(", ", types()));
        } else if (WiegandReader.TYPE.equals(type)) {
            WiegandReader.check(reader, path, problems);
        } else if (SimulatedReader.TYPE.equals(type) && inputs == null) {
            problems.add(path + ".driver.type", "reader '" + reader.id() + "' uses the simulated driver, which hears made-up"
                    + " badges: only the simulator and the demo run it, a production agent does not; give the reader its"
                    + " real driver (" + WiegandReader.TYPE + ")");
        } else if (SimulatedReader.TYPE.equals(type)) {
            reader.driver().keySet().stream().filter(k -> !k.equals("type")).sorted().forEach(k -> problems.add(
                    path + ".driver." + k, "unknown key '" + k + "' for the simulated reader; known: type"));
        } else {
            problems.add(path + ".driver.type", "unknown reader driver '" + type + "'; known: " + String.join(", ", types()));
        }
    }

    /** The pins a reader takes, e.g. "GPIO 5": no other sensor, output or reader of the agent may use them. */
    public List<String> exclusiveResources(Reader reader) {
        return WiegandReader.TYPE.equals(reader.driverType()) ? WiegandReader.pins(reader) : List.of();
    }
}
