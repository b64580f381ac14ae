package id.jaga.controller.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Made-up agent ids cost a counter, not a log line or a memory each. */
class RejectionsTest {
    private static final SiteConfig SITE = new SiteLoader().parse("r.yaml", """
            site: {id: dc}
            rooms: [{id: room}]
            agents: [{id: pi-1, room: room}]
            """);

    @Test
    void twentyThousandMadeUpAgentsAreCountedLoggedOncePerReasonPerMinuteAndForgotten() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T03:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        Rejections rejections = new Rejections(new SimpleMeterRegistry(), SITE, clock);
        String log = capturingStandardError(() -> {
            for (int i = 0; i < 20_000; i++) {
                rejections.reject("unknown-agent", "ghost-" + i, "agent 'ghost-" + i + "' is not in the site file");
            }
            now.set(now.get().plus(Duration.ofMinutes(1)));
            rejections.reject("unknown-agent", "ghost-x", "agent 'ghost-x' is not in the site file");
            rejections.reject("unsigned", "pi-1", "telemetry message: no jaga-auth property");
            rejections.reject("unsigned", "pi-1", "telemetry message: no jaga-auth property");
        });

        assertEquals(Map.of("unknown-agent", 20_001L, "unsigned", 2L), rejections.counts());
        assertEquals(3, log.lines().filter(line -> line.contains("WARN")).count(), log);
        assertTrue(log.contains("19999 more refused for this reason since the last line"), log);
        assertEquals(2, rejections.causesRemembered(), "one per reason for made-up ids, one per known agent and reason");
    }

    private static String capturingStandardError(Runnable work) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
