package id.jaga.simulator.load;

import java.util.Arrays;
import java.util.List;

/** Latency samples of one run, in nanoseconds, and the rounds that got no answer in time. */
record Latencies(long[] sorted, int missed) {
    static Latencies of(List<Long> samples, int missed) {
        long[] s = samples.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(s);
        return new Latencies(s, missed);
    }

    int count() {
        return sorted.length;
    }

    /** Nearest-rank percentile in milliseconds, NaN without samples. */
    double percentileMs(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    double maxMs() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
    }
}
