package id.jaga.simulator.load;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * One step of a benchmark: load at one offered rate for a while, then the wait until the consumer
 * has taken in every acknowledged reading. The consumer kept up when that wait was short (its
 * backlog drained within {@code grace}) and it counted exactly what was sent.
 */
final class LoadStep {
    /** How long to wait for a consumer that fell behind, so that its count can still be checked for loss. */
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(2);
    /** The generator kept up when it sent at least this share of the offered rate. */
    private static final double GENERATOR_SHARE = 0.95;

    private final Pacer pacer;
    private final LongSupplier received;
    private final AlarmLatencyProbe probe;
    private final Duration grace;
    private final long brokerPid;

    /** {@code probe} may be null: no alarm latency is measured then. */
    LoadStep(Pacer pacer, LongSupplier received, AlarmLatencyProbe probe, Duration grace, long brokerPid) {
        this.pacer = pacer;
        this.received = received;
        this.probe = probe;
        this.grace = grace;
        this.brokerPid = brokerPid;
    }

    Result run(double rate, Duration length) throws InterruptedException, IOException {
        CpuUse cpu = new CpuUse(brokerPid);
        ConsumerCpu consumerCpu = new ConsumerCpu();
        long before = received.getAsLong();
        SendCounts.Snapshot probeBefore = probe == null ? null : probe.counts().snapshot();
        if (probe != null) {
            probe.start();
        }
        Pacer.Result load = pacer.run(rate, length);
        long loadEnd = System.nanoTime();
        AlarmLatencyProbe.Result latencies = probe == null ? null : probe.stop();
        long expected = load.sent().readings()
                + (probe == null ? 0 : probe.counts().snapshot().minus(probeBefore).readings());
        long deadline = loadEnd + DRAIN_LIMIT.toNanos();
        while (received.getAsLong() - before < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        Duration drained = Duration.ofNanos(System.nanoTime() - loadEnd);
        long got = received.getAsLong() - before;
        return new Result(rate, load.achieved(), expected, got, drained, latencies, cpu.since(), consumerCpu.nanosSince(), grace);
    }

    /** What one step showed, load and drain; {@code latencies} is null when no probe ran. */
    record Result(double offered, double sent, long expected, long received, Duration drainedAfter,
                  AlarmLatencyProbe.Result latencies, CpuUse.Shares cpu, long consumerCpuNanos, Duration grace) {
        /** CPU the consumer spent per reading it took in, in microseconds. */
        double consumerMicrosPerReading() {
            return received == 0 ? Double.NaN : consumerCpuNanos / 1000.0 / received;
        }

        boolean generatorKeptUp() {
            return sent >= GENERATOR_SHARE * offered;
        }

        boolean lossless() {
            return received == expected;
        }

        boolean consumerKeptUp() {
            return lossless() && drainedAfter.compareTo(grace) <= 0;
        }

        boolean passed() {
            return generatorKeptUp() && consumerKeptUp();
        }

        String verdict() {
            if (!lossless()) {
                return received < expected ? "LOST " + (expected - received) : "COUNTED " + (received - expected) + " TOO MANY";
            }
            if (!consumerKeptUp()) {
                return "fell behind";
            }
            return generatorKeptUp() ? "kept up" : "generator fell behind";
        }
    }
}
