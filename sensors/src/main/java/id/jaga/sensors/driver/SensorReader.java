package id.jaga.sensors.driver;

import id.jaga.sensors.wire.Reading;
import java.time.Instant;

/** An opened sensor. One per configured sensor; read from one thread at a time. */
public interface SensorReader extends AutoCloseable {

    /** Takes one sample. Never throws for a failed read: that is a BAD or STALE reading with its reason. */
    Reading read(Instant now);

    @Override
    default void close() {
    }
}
