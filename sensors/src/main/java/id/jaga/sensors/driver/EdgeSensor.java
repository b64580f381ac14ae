package id.jaga.sensors.driver;

import java.util.function.Consumer;

/** A sensor that reports a change of state the moment it happens, not at the next poll. */
public interface EdgeSensor {

    /** {@code listener} receives the new state after debouncing: true means active (door open, smoke). */
    void onChange(Consumer<Boolean> listener);
}
