package id.jaga.agent.watchdog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchdogTest {
    @TempDir
    Path dir;

    @Test
    void fedOnlyWhileHealthyAndDisarmedOnAnOrderlyStop() throws Exception {
        Path device = dir.resolve("watchdog"); // a plain file stands in for /dev/watchdog
        AtomicBoolean healthy = new AtomicBoolean(true);
        Watchdog watchdog = new Watchdog(device, 10, healthy::get);

        await().atMost(Duration.ofSeconds(5)).until(() -> watchdog.kicks() >= 3);
        healthy.set(false);
        long checksThen = watchdog.checks() + 1; // the check running now may still have seen 'healthy'
        long kicksThen = watchdog.kicks();
        await().atMost(Duration.ofSeconds(5)).until(() -> watchdog.checks() >= checksThen + 3);
        assertTrue(watchdog.kicks() <= kicksThen + 1, "no feeding while unhealthy");

        watchdog.close();
        String written = Files.readString(device);
        assertEquals('V', written.charAt(written.length() - 1), "the magic close disarms the watchdog");
        assertEquals(watchdog.kicks(), written.length() - 1);
    }
}
