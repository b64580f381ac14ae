package id.jaga.agent.watchdog;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the hardware watchdog ({@code /dev/watchdog}) only while the agent is healthy, so a hung
 * agent gets the board reset rather than silently stopping. Closing it writes the magic 'V' that
 * disarms the watchdog for an orderly stop.
 */
public final class Watchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private final FileOutputStream device;
    private final BooleanSupplier healthy;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong kicks = new AtomicLong();

    public Watchdog(Path device, long periodMillis, BooleanSupplier healthy) {
        try {
            this.device = new FileOutputStream(device.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open watchdog " + device, e);
        }
        this.healthy = healthy;
        timer.scheduleAtFixedRate(this::check, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            if (healthy.getAsBoolean()) {
                device.write('.');
                device.flush();
                kicks.incrementAndGet();
            } else {
                LOG.error("agent unhealthy: not feeding the watchdog; the board will reset");
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("watchdog check failed", e);
        } finally {
            checks.incrementAndGet();
        }
    }

    public long checks() {
        return checks.get();
    }

    public long kicks() {
        return kicks.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            device.write('V');
            device.close();
        } catch (IOException e) {
            LOG.warn("could not disarm the watchdog: {}", e.getMessage());
        }
    }
}
