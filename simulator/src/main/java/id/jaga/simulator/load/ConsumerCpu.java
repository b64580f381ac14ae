package id.jaga.simulator.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of this JVM's threads other than the load generator's (its publishers, the virtual
 * agents' MQTT clients, the latency probe): what the consumer under test spent. Per reading it is a
 * cost that other work on a shared machine hardly moves, unlike a rate. Threads of the JVM itself
 * (garbage collector, compiler) are not Java threads and are not counted.
 */
final class ConsumerCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> start = snapshot();

    /** CPU nanoseconds since construction, of the threads alive now. */
    long nanosSince() {
        long total = 0;
        for (Map.Entry<Long, Long> t : snapshot().entrySet()) {
            total += t.getValue() - start.getOrDefault(t.getKey(), 0L);
        }
        return total;
    }

    private static Map<Long, Long> snapshot() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && !isGenerator(t.getThreadName())) {
                long nanos = THREADS.getThreadCpuTime(t.getThreadId());
                if (nanos >= 0) {
                    cpu.put(t.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }

    private static boolean isGenerator(String thread) {
        return thread.startsWith(Pacer.THREAD_NAME) || thread.contains(VirtualAgent.CLIENT_ID_PREFIX)
                || thread.contains(AlarmLatencyProbe.NOC_CLIENT_ID) || thread.equals(AlarmLatencyProbe.THREAD_NAME);
    }
}
