package id.jaga.simulator.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/** The machine a figure was measured on, for the result block. */
final class MachineInfo {
    private MachineInfo() {
    }

    static String describe() {
        String cpu = procLine("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch"));
        String memory = procLine("/proc/meminfo", "MemTotal")
                .map(kb -> String.format(Locale.ROOT, "%.0f GiB", Long.parseLong(kb.replaceAll("\\D", "")) / 1048576.0))
                .orElse("? GiB");
        return String.format(Locale.ROOT, "%d cores (%s), %s, %s %s, %s %s, %s",
                Runtime.getRuntime().availableProcessors(), cpu, memory, System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("os.name"), System.getProperty("os.version"),
                Instant.now().truncatedTo(ChronoUnit.MINUTES));
    }

    /** The value of the first {@code key: value} line of a /proc file. */
    private static Optional<String> procLine(String file, String key) {
        try (var lines = Files.lines(Path.of(file))) {
            return lines.filter(l -> l.startsWith(key)).findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
