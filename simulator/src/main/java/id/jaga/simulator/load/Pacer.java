package id.jaga.simulator.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the messages of many virtual agents at a steady rate of readings per second. Message
 * {@code n} of a run is due at {@code start + n * period} and goes to agent {@code n mod agents},
 * so each agent sends once per interval and the agents are spread evenly over it. A few publisher
 * threads share the messages; each parks until its next deadline. A thread that falls behind sends
 * at once without sleeping, so the achieved rate, measured from the broker's acknowledgements,
 * shows how far the generator kept up.
 */
final class Pacer {
    static final String THREAD_NAME = "load-publisher-";
    private static final long ACK_TIMEOUT_S = 30;

    private final List<VirtualAgent> agents;
    private final SendCounts counts;
    private final int threads;
    private final int readingsPerMessage;

    Pacer(VirtualFleet fleet, int threads) {
        this.agents = fleet.agents();
        this.counts = fleet.counts();
        this.threads = threads;
        this.readingsPerMessage = agents.get(0).sensorCount();
        if (agents.stream().anyMatch(a -> a.sensorCount() != readingsPerMessage)) {
            throw new IllegalArgumentException("every agent of a paced load needs the same number of sensors");
        }
    }

    /** Sends for {@code duration} at {@code readingsPerSecond}, then waits for the broker to acknowledge the last message. */
    Result run(double readingsPerSecond, Duration duration) throws InterruptedException {
        double period = 1e9 * readingsPerMessage / readingsPerSecond;
        long planned = Math.max(1, (long) (duration.toNanos() / period));
        SendCounts.Snapshot before = counts.snapshot();
        long start = System.nanoTime();
        List<Thread> publishers = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            int first = k;
            Thread publisher = new Thread(() -> {
                try {
                    for (long n = first; n < planned; n += threads) {
                        parkUntil(start + (long) (n * period));
                        agents.get((int) (n % agents.size())).publish();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, THREAD_NAME + k);
            publisher.start();
            publishers.add(publisher);
        }
        for (Thread t : publishers) {
            t.join();
        }
        for (VirtualAgent a : agents) {
            if (!a.awaitAcknowledged(ACK_TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the broker acknowledged nothing from " + a.id() + " for " + ACK_TIMEOUT_S + " s");
            }
        }
        long elapsed = System.nanoTime() - start;
        return new Result(counts.snapshot().minus(before), Duration.ofNanos(elapsed));
    }

    private static void parkUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** One paced run: what the broker acknowledged, and how long it took. */
    record Result(SendCounts.Snapshot sent, Duration elapsed) {
        /** Acknowledged readings per second over the whole run, up to the last acknowledgement. */
        double achieved() {
            return sent.readings() * 1e9 / elapsed.toNanos();
        }
    }
}
