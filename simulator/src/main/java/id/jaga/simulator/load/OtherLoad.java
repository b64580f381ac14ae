package id.jaga.simulator.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How much of the machine other processes used while the benchmark ran: the busy CPU time of the
 * whole machine (/proc/stat) less this JVM's and the broker's (/proc/PID/stat). On a shared
 * machine the figures mean little when this is high, so the result block says it.
 */
final class OtherLoad {
    private final long brokerPid;
    private final long[] machineStart;
    private final long ownStart;

    OtherLoad(long brokerPid) throws IOException {
        this.brokerPid = brokerPid;
        this.machineStart = machineTicks();
        this.ownStart = ownTicks();
    }

    /** The share of all cores that other processes kept busy since construction, in percent. */
    double percentOfMachine() throws IOException {
        long[] machine = machineTicks();
        long all = Arrays.stream(machine).sum() - Arrays.stream(machineStart).sum();
        long busy = busy(machine) - busy(machineStart);
        long own = ownTicks() - ownStart;
        return all == 0 ? 0 : 100.0 * Math.max(0, busy - own) / all;
    }

    private long ownTicks() throws IOException {
        return processTicks(ProcessHandle.current().pid()) + processTicks(brokerPid);
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
