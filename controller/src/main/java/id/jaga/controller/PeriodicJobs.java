package id.jaga.controller;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's periodic jobs, each guarded on its own: one that throws does not keep the
 * others of its timer from running, nor itself from running at the next period. Each failure is
 * counted ({@code jaga_job_failures_total{job}}, and {@code jaga_job_failing{job}} is 1 while the
 * job's last run failed). The log gets the stack trace once per distinct cause (the exception
 * classes, where they were thrown, and their messages with numbers ignored), then a short line at
 * the 10th, 100th, 1000th... failure in a row, and a line when the job works again.
 */
public final class PeriodicJobs {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicJobs.class);

    /** One periodic job's work. */
    @FunctionalInterface
    public interface Job {
        void run() throws Exception;
    }

    /** Where failures and recoveries are told; the log, except in a test. */
    interface Report {
        /** A new cause: with its stack trace. */
        void failed(String job, Throwable cause);

        /** The same cause again, at the 10th, 100th... failure in a row. */
        void stillFailing(String job, long inARow, Instant since, Throwable latest);

        void recovered(String job, long failures, Instant since, Duration after);
    }

    static final Report LOG_REPORT = new Report() {
        @Override
        public void failed(String job, Throwable cause) {
            LOG.error("periodic job '{}' failed (the stack is logged once per cause; the other jobs go on)", job, cause);
        }

        @Override
        public void stillFailing(String job, long inARow, Instant since, Throwable latest) {
            LOG.error("periodic job '{}' still failing: {} times in a row since {}, the same cause: {}", job, inARow, since,
                    latest.toString());
        }

        @Override
        public void recovered(String job, long failures, Instant since, Duration after) {
            LOG.info("periodic job '{}' works again, after {} failure(s) in a row since {} ({} s)", job, failures, since,
                    after.toSeconds());
        }
    };

    private final MeterRegistry registry;
    private final Clock clock;
    private final Report report;

    public PeriodicJobs(MeterRegistry registry, Clock clock) {
        this(registry, clock, LOG_REPORT);
    }

    PeriodicJobs(MeterRegistry registry, Clock clock, Report report) {
        this.registry = registry;
        this.clock = clock;
        this.report = report;
    }

    /** The job, guarded: running it never throws, and its failures are counted under {@code name}. */
    public Runnable guard(String name, Job job) {
        return new Guarded(name, job);
    }

    /** Several jobs run one after the other on one timer, each guarded on its own. */
    public Runnable inTurn(List<Runnable> guarded) {
        List<Runnable> jobs = new ArrayList<>(guarded);
        return () -> jobs.forEach(Runnable::run);
    }

    private final class Guarded implements Runnable {
        private final String name;
        private final Job job;
        private final Counter failures;
        private final AtomicInteger failing = new AtomicInteger();
        private String cause;
        private long inARow;
        private Instant since;

        Guarded(String name, Job job) {
            this.name = name;
            this.job = job;
            this.failures = Counter.builder("jaga.job.failures").tag("job", name)
                    .description("runs of a periodic job that failed").register(registry);
            Gauge.builder("jaga.job.failing", failing, AtomicInteger::get).tag("job", name)
                    .description("1 while the periodic job's last run failed").register(registry);
        }

        @Override
        public synchronized void run() {
            try {
                job.run();
            } catch (Throwable e) { // an Error too: a scheduled task that lets one escape is never run again
                failed(e);
                return;
            }
            if (inARow > 0) {
                report.recovered(name, inARow, since, Duration.between(since, clock.instant()));
                inARow = 0;
                cause = null;
                failing.set(0);
            }
        }

        private void failed(Throwable e) {
            failures.increment();
            failing.set(1);
            if (inARow == 0) {
                since = clock.instant();
            }
            inARow++;
            String signature = signature(e);
            if (!signature.equals(cause)) {
                cause = signature;
                report.failed(name, e);
            } else if (isPowerOfTen(inARow)) {
                report.stillFailing(name, inARow, since, e);
            }
        }
    }

    /** What tells one cause from another: each exception's class, where it was thrown, and its message without numbers. */
    static String signature(Throwable e) {
        StringBuilder s = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 8; t = t.getCause() == t ? null : t.getCause(), depth++) {
            s.append(t.getClass().getName()).append(':')
                    .append(Objects.toString(t.getMessage(), "").replaceAll("\\d+", "#"));
            if (t.getStackTrace().length > 0) {
                s.append('@').append(t.getStackTrace()[0]);
            }
            s.append('|');
        }
        return s.toString();
    }

    private static boolean isPowerOfTen(long n) {
        long p = 10;
        while (p < n) {
            p *= 10;
        }
        return p == n;
    }
}
