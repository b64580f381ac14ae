package id.jaga.sensors.driver.host;

import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.config.SiteLoader.Problems;
import id.jaga.sensors.driver.SensorDriver;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.driver.check.DriverSettings;
import id.jaga.sensors.driver.check.Range;
import id.jaga.sensors.driver.check.StuckDetector;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The health of the agent's own Raspberry Pi, so a hot, overloaded or full agent is seen before
 * it stops reporting: {@code metric} is {@code cpu-temperature} (kind cpu-temperature, from the
 * kernel's thermal zone 0), {@code load} (kind cpu-load, the 1-minute load average) or
 * {@code disk-free} (kind disk-free, MB free for the agent on the disk holding {@code path}).
 */
public final class PiHealthDriver implements SensorDriver {
    public static final String TYPE = "pi-health";
    public static final String CPU_TEMPERATURE = "cpu-temperature";
    public static final String LOAD = "load";
    public static final String DISK_FREE = "disk-free";
    private static final Pattern ANY_PATH = Pattern.compile(".+");
    private static final String THERMAL_ZONE = "sys/class/thermal/thermal_zone0/temp";
    private static final String LOADAVG = "proc/loadavg";
    /** What a SoC's sensor can report; beyond it the file held garbage. */
    private static final Range SOC = new Range(-40, 125);
    private static final double BYTES_PER_MB = 1_000_000;

    /** Free bytes on the disk holding a path; a seam so tests need not depend on a real disk's changing free space. */
    interface DiskSpace {
        long usableBytes(Path path) throws IOException;
    }

    private final DiskSpace disk;

    public PiHealthDriver() {
        this(path -> Files.getFileStore(path).getUsableSpace());
    }

    PiHealthDriver(DiskSpace disk) {
        this.disk = disk;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void check(Sensor sensor, String path, Problems problems) {
        DriverSettings settings = DriverSettings.checking(TYPE, sensor, path, problems, "metric", "path", "basePath");
        configure(settings);
        settings.stuckAfter();
    }

    @Override
    public SensorReader open(Sensor sensor) {
        DriverSettings settings = DriverSettings.opening(TYPE, sensor);
        Metric metric = configure(settings);
        return StuckDetector.wrap(now -> metric.read(sensor, now), Range.of(sensor), settings.stuckAfter());
    }

    private Metric configure(DriverSettings settings) {
        String metric = settings.choice("metric", null, CPU_TEMPERATURE, LOAD, DISK_FREE);
        if (metric == null) {
            return null; // reported
        }
        if (metric.equals(DISK_FREE)) {
            settings.kinds("metric disk-free", SensorKind.DISK_FREE);
            settings.notApplicable("basePath", "applies to cpu-temperature and load; disk-free reads path");
            Path disk = Path.of(settings.text("path", "/", ANY_PATH, "a path on the disk to watch"));
            return (sensor, now) -> diskFree(sensor, disk, now);
        }
        settings.notApplicable("path", "applies to disk-free only; " + metric + " reads basePath");
        Path base = Path.of(settings.text("basePath", "/", ANY_PATH, "the folder holding sys/ and proc/"));
        if (metric.equals(CPU_TEMPERATURE)) {
            settings.kinds("metric cpu-temperature", SensorKind.CPU_TEMPERATURE);
            Path file = base.resolve(THERMAL_ZONE);
            // the kernel reports milli-degrees Celsius
            return (sensor, now) -> SOC.apply(number(sensor, file, now, 1000));
        }
        settings.kinds("metric load", SensorKind.CPU_LOAD);
        Path file = base.resolve(LOADAVG);
        // "0.52 0.58 0.59 1/389 12345": the 1-, 5- and 15-minute averages first
        return (sensor, now) -> number(sensor, file, now, 1);
    }

    /** One sensor's metric; a lambda per metric, bound to its sensor on open. */
    private interface Metric {
        Reading read(Sensor sensor, Instant now);
    }

    private static Reading number(Sensor sensor, Path file, Instant now, double divisor) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return bad(sensor, "not present: " + file, now);
        } catch (IOException | RuntimeException e) {
            return bad(sensor, "read failed: " + e, now);
        }
        String first = text.split("\\s+", 2)[0];
        try {
            double value = Double.parseDouble(first);
            if (Double.isFinite(value)) { // parseDouble also takes "NaN", which no reading may carry
                return Reading.good(sensor.id(), value / divisor, sensor.unit(), now);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        return bad(sensor, "unreadable value '" + first + "' in " + file, now);
    }

    private Reading diskFree(Sensor sensor, Path path, Instant now) {
        try {
            // whole MB: a disk's free space moves by more than that between reads anyway
            return Reading.good(sensor.id(), Math.floor(disk.usableBytes(path) / BYTES_PER_MB), sensor.unit(), now);
        } catch (NoSuchFileException e) {
            return bad(sensor, "not present: " + path, now);
        } catch (IOException | RuntimeException e) {
            return bad(sensor, "read failed: " + e, now);
        }
    }

    private static Reading bad(Sensor sensor, String reason, Instant now) {
        return Reading.failed(sensor.id(), Quality.BAD, reason, sensor.unit(), now);
    }
}
