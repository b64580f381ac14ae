package id.jaga.sensors.output;

/** An opened output: a relay, lock or siren the agent turns on and off. */
public interface Switch extends AutoCloseable {
    void set(boolean on);

    boolean isOn();

    @Override
    default void close() {
    }
}
