package id.jaga.simulator.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the machine's CPU went since this was made: this JVM (generator, subscribers, controller),
 * the broker, and every other process (busy time of the whole machine, from /proc/stat, less the
 * first two, from /proc/PID/stat). On a shared machine the figures mean little when the others'
 * share is high, so the result block says it.
 */
final class CpuUse {
    private final long brokerPid;
    private final long[] machineStart;
    private final long jvmStart;
    private final long brokerStart;

    CpuUse(long brokerPid) throws IOException {
        this.brokerPid = brokerPid;
        this.machineStart = machineTicks();
        this.jvmStart = processTicks(ProcessHandle.current().pid());
        this.brokerStart = processTicks(brokerPid);
    }

    /** Cores kept busy on average since construction, by whom. */
    Shares since() throws IOException {
        long[] machine = machineTicks();
        double all = Arrays.stream(machine).sum() - Arrays.stream(machineStart).sum();
        double cores = Runtime.getRuntime().availableProcessors();
        long jvm = processTicks(ProcessHandle.current().pid()) - jvmStart;
        long broker = processTicks(brokerPid) - brokerStart;
        long others = Math.max(0, busy(machine) - busy(machineStart) - jvm - broker);
        return all == 0 ? new Shares(0, 0, 0) : new Shares(cores * jvm / all, cores * broker / all, cores * others / all);
    }

    record Shares(double jvmCores, double brokerCores, double otherCores) {
    }

    /** user, nice, system, idle, iowait, irq, softirq, steal: summed over all cores. */
    private static long[] machineTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long[] ticks = new long[8];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = Long.parseLong(f[i + 1]);
        }
        return ticks;
    }

    private static long busy(long[] t) {
        return t[0] + t[1] + t[2] + t[5] + t[6] + t[7];
    }

    /** utime + stime of one process (the fields after its name, which may hold spaces). */
    private static long processTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
