package id.jaga.simulator.model;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps a model up with a clock (system or virtual) in real time, e.g. for the demo. */
public final class ModelRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRunner.class);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "physical-model");
        t.setDaemon(true);
        return t;
    });

    private ModelRunner(PhysicalModel model, Clock clock, Duration every) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                model.advanceTo(clock.instant());
            } catch (RuntimeException e) {
                LOG.error("physical model step failed", e); // keep running: the next tick tries again
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Advances {@code model} to {@code clock}'s time every {@code every} of real time. */
    public static ModelRunner start(PhysicalModel model, Clock clock, Duration every) {
        return new ModelRunner(model, clock, every);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
