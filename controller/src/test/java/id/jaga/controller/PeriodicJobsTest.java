package id.jaga.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The controller's periodic jobs on one timer: one that throws every period (as presence did when
 * a bug met an agent) does not keep the others from running, is counted on /metrics by name, and
 * fills the log with one stack trace per cause, not one per period.
 */
class PeriodicJobsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HandClock clock = new HandClock(Instant.parse("2026-11-22T03:00:00Z"));
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final PeriodicJobs jobs = new PeriodicJobs(registry, clock, new PeriodicJobs.Report() {
        @Override
        public void failed(String job, Throwable cause) {
            log.add("stack " + job + ": " + cause);
        }

        @Override
        public void stillFailing(String job, long inARow, Instant since, Throwable latest) {
            log.add("still " + job + " " + inARow);
        }

        @Override
        public void recovered(String job, long failures, Instant since, Duration after) {
            log.add("recovered " + job + " after " + failures + " in " + after.toSeconds() + " s");
        }
    });

    @Test
    void aJobThatThrowsEveryPeriodKeepsNoOtherFromRunningAndIsCountedAndLoggedOncePerCause() {
        AtomicInteger reminders = new AtomicInteger();
        AtomicInteger doors = new AtomicInteger();
        String[] presenceFails = {"bug"};
        Runnable tick = jobs.inTurn(List.of(
                jobs.guard("presence", () -> {
                    if ("bug".equals(presenceFails[0])) {
                        throw new IllegalStateException("agent pi-" + clock.instant().getEpochSecond() + " has no room");
                    } else if ("storage".equals(presenceFails[0])) {
                        throw new SQLException("disk I/O error");
                    }
                }),
                jobs.guard("reminders", reminders::incrementAndGet),
                jobs.guard("doors", doors::incrementAndGet)));

        for (int period = 0; period < 150; period++) {
            tick.run();
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(150, reminders.get(), "every period, whatever presence does");
        assertEquals(150, doors.get());
        String metrics = registry.scrape();
        assertTrue(metrics.contains("jaga_job_failures_total{job=\"presence\"} 150.0"), metrics);
        assertTrue(metrics.contains("jaga_job_failures_total{job=\"reminders\"} 0.0"), "every job has its series");
        assertTrue(metrics.contains("jaga_job_failing{job=\"presence\"} 1.0"));
        assertEquals(List.of("stack presence: java.lang.IllegalStateException: agent pi-1795316400 has no room",
                "still presence 10", "still presence 100"), log, "one stack for one cause, though its message's number changes");

        presenceFails[0] = "storage"; // another cause: its stack once more
        tick.run();
        tick.run();
        presenceFails[0] = null;
        clock.advance(Duration.ofSeconds(8));
        tick.run();
        tick.run();
        assertEquals(List.of("stack presence: java.sql.SQLException: disk I/O error", "recovered presence after 152 in 158 s"),
                log.subList(3, log.size()));
        assertTrue(registry.scrape().contains("jaga_job_failing{job=\"presence\"} 0.0"));
    }

    @Test
    void anErrorDoesNotStopAScheduledJobForGood() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.scheduleAtFixedRate(jobs.guard("live-power", () -> {
                if (runs.incrementAndGet() == 1) {
                    throw new AssertionError("a bug");
                }
            }), 0, 10, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 5);
        } finally {
            timer.shutdownNow();
        }
        assertTrue(runs.get() >= 5, "run again after the error: " + runs.get());
        List<String> names = new ArrayList<>();
        registry.getMeters().stream().map(Meter::getId).filter(id -> id.getName().equals("jaga.job.failures"))
                .forEach(id -> names.add(id.getTag("job")));
        assertEquals(List.of("live-power"), names);
        assertEquals(1.0, registry.counter("jaga.job.failures", "job", "live-power").count());
    }
}
