package id.jaga.sensors.driver.reader;

import java.util.function.Consumer;

/** An opened badge reader or keypad: tells its listeners of every credential presented. */
public interface BadgeReader extends AutoCloseable {

    /** The reader's id in the site file. */
    String id();

    /** {@code listener} hears each credential, on the reader's own thread: keep it short. */
    void onCredential(Consumer<Credential> listener);

    /** Frees the reader's pins and timers. */
    @Override
    void close();
}
