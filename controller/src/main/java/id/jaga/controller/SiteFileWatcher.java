package id.jaga.controller;

import id.jaga.config.ConfigException;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the site file when its content changes (checked every {@code every}; a content hash, so
 * an editor's rewrite of the same text is no change): a valid file's access rules go into force, an
 * invalid one is refused with its errors and the rules in force stay. A change outside the access
 * section takes effect at the next restart, which is said in the log: the watcher tells by comparing
 * the file as loaded now with the file as loaded when the controller started (not with the site the
 * controller runs, to which its starter may have added things, as the demo adds its agents' keys).
 */
public final class SiteFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SiteFileWatcher.class);

    private final Path file;
    private final Controller controller;
    private final SiteLoader loader;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "site-file-watch");
        t.setDaemon(true);
        return t;
    });
    private byte[] seen;
    /** The file as loaded at the start, what the controller runs but for its access rules; null if it did not load then. */
    private final SiteConfig started;

    public SiteFileWatcher(Path file, Controller controller, SiteLoader loader, Duration every) {
        this.file = file;
        this.controller = controller;
        this.loader = loader;
        this.seen = digest();
        this.started = seen == null ? null : loadQuietly();
        timer.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private SiteConfig loadQuietly() {
        try {
            return loader.load(file);
        } catch (RuntimeException e) { // ConfigException included: the first valid change is then compared with the running site
            return null;
        }
    }

    /** Whether the file now differs from the file at the start anywhere but in its access section. */
    private boolean changedOutsideAccess(SiteConfig reloaded) {
        if (started != null) {
            return !reloaded.withAccess(started.access()).equals(started);
        }
        SiteConfig running = controller.site();
        return !reloaded.withConnections(running.broker(), running.storage(), running.controller()).withAccess(running.access())
                .equals(running);
    }

    private void check() {
        byte[] now = digest();
        if (now == null || Arrays.equals(now, seen)) {
            return;
        }
        seen = now;
        try {
            SiteConfig reloaded = loader.load(file);
            controller.reload(reloaded, file.getFileName().toString());
            if (changedOutsideAccess(reloaded)) {
                LOG.warn("{} changed outside its access section: those changes take effect at the next restart",
                        file.getFileName());
            }
            LOG.info("{} reloaded: access rules in force", file);
        } catch (ConfigException e) {
            LOG.error("{} changed but is not valid; the rules in force stay:\n{}", file, e.getMessage());
            controller.reloadRefused(file.getFileName().toString(), e);
        } catch (RuntimeException e) {
            LOG.error("{} could not be reloaded: {}", file, e.toString());
        }
    }

    private byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.getMessage());
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
