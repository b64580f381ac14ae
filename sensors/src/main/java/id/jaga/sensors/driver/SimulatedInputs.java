package id.jaga.sensors.driver;

import id.jaga.sensors.driver.reader.Credential;
import id.jaga.sensors.output.SimulatedOutputs;
import id.jaga.sensors.wire.Quality;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The physical world as the simulated drivers see it: what the simulator (or a test, or the demo
 * prompt) sets here is what the agent's simulated sensors read next, and its outputs show what the
 * agent switched.
 */
public final class SimulatedInputs {
    private final Map<String, Input> inputs = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<Double>>> listeners = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<Credential>>> readers = new ConcurrentHashMap<>();
    private final List<Consumer<String>> changes = new CopyOnWriteArrayList<>();
    private final SimulatedOutputs outputs = new SimulatedOutputs();

    /** The simulated relays, locks and sirens of the same world. */
    public SimulatedOutputs outputs() {
        return outputs;
    }

    public void set(String sensor, double value) {
        inputs.put(sensor, new Input(value, null, null, null));
        listeners.getOrDefault(sensor, List.of()).forEach(l -> l.accept(value));
        changed(sensor);
    }

    /** Hears every value set for a sensor, as a contact's wiring would: for edge-reporting sensors. */
    void onSet(String sensor, Consumer<Double> listener) {
        listeners.computeIfAbsent(sensor, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    void removeListener(String sensor, Consumer<Double> listener) {
        listeners.getOrDefault(sensor, List.of()).remove(listener);
    }

    public void setText(String sensor, String text) {
        inputs.put(sensor, new Input(null, text, null, null));
        changed(sensor);
    }

    /** Makes the sensor fail as real hardware does, e.g. {@code fail(id, BAD, "CRC error")}. */
    public void fail(String sensor, Quality quality, String reason) {
        inputs.put(sensor, new Input(null, null, quality, reason));
        changed(sensor);
    }

    /** Back to the sensor's configured nominal behaviour. */
    public void release(String sensor) {
        inputs.remove(sensor);
        changed(sensor);
    }

    /**
     * Hears the id of every sensor whose input was set, failed or released: for fake hardware that
     * mirrors the world (a 1-wire file, a GPIO level). The returned action stops listening.
     */
    public Runnable onChange(Consumer<String> listener) {
        changes.add(listener);
        return () -> changes.remove(listener);
    }

    private void changed(String sensor) {
        changes.forEach(l -> l.accept(sensor));
    }

    /** Someone presents a badge at a simulated reader. */
    public void presentBadge(String reader, String badge) {
        present(Credential.badge(reader, badge));
    }

    /** Someone presents a badge and types its PIN on the reader's keypad. */
    public void presentBadge(String reader, String badge, String pin) {
        present(new Credential(reader, badge, pin));
    }

    /** Someone types a PIN, without a badge, on a simulated reader's keypad. */
    public void enterPin(String reader, String pin) {
        present(Credential.pin(reader, pin));
    }

    private void present(Credential credential) {
        readers.getOrDefault(credential.reader(), List.of()).forEach(l -> l.accept(credential));
    }

    /** What a simulated reader hears; the returned action stops listening. */
    public Runnable onCredential(String reader, Consumer<Credential> listener) {
        readers.computeIfAbsent(reader, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> readers.getOrDefault(reader, List.of()).remove(listener);
    }

    /** What was set for the sensor; empty while it runs on its nominal behaviour. */
    public Optional<Input> get(String sensor) {
        return Optional.ofNullable(inputs.get(sensor));
    }

    /** One sensor's input: a value, a text, or a failure with its quality and reason. */
    public record Input(Double value, String text, Quality failure, String reason) {
    }
}
