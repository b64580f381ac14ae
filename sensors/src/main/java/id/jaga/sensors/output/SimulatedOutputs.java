package id.jaga.sensors.output;

import id.jaga.config.Output;
import id.jaga.config.SiteLoader.Problems;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** Outputs without hardware: their state is kept here for the simulator and tests to look at. */
public final class SimulatedOutputs implements OutputDriver {
    private final Map<String, Boolean> states = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, Boolean>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public String type() {
        return "simulated";
    }

    @Override
    public void check(Output output, String path, Problems problems) {
        output.driver().keySet().stream().filter(k -> !k.equals("type"))
                .forEach(k -> problems.add(path + ".driver." + k, "unknown key '" + k + "' for the simulated driver; known: type"));
    }

    @Override
    public Switch open(Output output) {
        states.putIfAbsent(output.id(), false);
        return new Switch() {
            @Override
            public void set(boolean on) {
                states.put(output.id(), on);
                listeners.forEach(l -> l.accept(output.id(), on));
            }

            @Override
            public boolean isOn() {
                return states.get(output.id());
            }
        };
    }

    /** Hears every switching (output id, on), on the switching thread, as it happens: a pulse renewed while on is heard again. */
    public void onSwitch(BiConsumer<String, Boolean> listener) {
        listeners.add(listener);
    }

    public boolean isOn(String output) {
        return states.getOrDefault(output, false);
    }
}
