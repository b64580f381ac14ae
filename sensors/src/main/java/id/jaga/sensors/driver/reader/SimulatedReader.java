package id.jaga.sensors.driver.reader;

import id.jaga.sensors.driver.SimulatedInputs;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A reader without hardware: hears the badges and PINs presented to it through {@link SimulatedInputs}. */
public final class SimulatedReader implements BadgeReader {
    public static final String TYPE = "simulated";
    private final String id;
    private final List<Consumer<Credential>> listeners = new CopyOnWriteArrayList<>();
    private final Runnable stop;

    public SimulatedReader(SimulatedInputs inputs, String id) {
        this.id = id;
        this.stop = inputs.onCredential(id, c -> listeners.forEach(l -> l.accept(c)));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void onCredential(Consumer<Credential> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        stop.run();
    }
}
