package id.jaga.sensors.driver.host;

import static id.jaga.sensors.driver.check.Fixtures.PATH;
import static id.jaga.sensors.driver.check.Fixtures.T0;
import static id.jaga.sensors.driver.check.Fixtures.problems;
import static id.jaga.sensors.driver.check.Fixtures.sensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a folder laid out as the Pi's /sys and /proc. */
class PiHealthDriverTest {
    @TempDir
    Path root;

    private final PiHealthDriver driver = new PiHealthDriver();

    private Sensor metric(SensorKind kind, String metric) {
        return sensor("pi-row-1-" + metric, kind, Map.of("type", "pi-health", "metric", metric, "basePath", root.toString()));
    }

    private void file(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static Reading readOnce(PiHealthDriver driver, Sensor sensor) {
        try (SensorReader reader = driver.open(sensor)) {
            return reader.read(T0);
        }
    }

    @Test
    void cpuTemperatureFromThermalZoneZero() throws IOException {
        file("sys/class/thermal/thermal_zone0/temp", "48312\n");
        assertEquals(Reading.good("pi-row-1-cpu-temperature", 48.312, "C", T0),
                readOnce(driver, metric(SensorKind.CPU_TEMPERATURE, "cpu-temperature")));
    }

    @Test
    void loadIsTheOneMinuteAverage() throws IOException {
        file("proc/loadavg", "0.52 0.58 0.59 1/389 12345\n");
        assertEquals(Reading.good("pi-row-1-load", 0.52, "load", T0), readOnce(driver, metric(SensorKind.CPU_LOAD, "load")));
    }

    @Test
    void missingFileIsBad() {
        Reading r = readOnce(driver, metric(SensorKind.CPU_TEMPERATURE, "cpu-temperature"));
        assertBad("not present: " + root.resolve("sys/class/thermal/thermal_zone0/temp"), r);
    }

    @Test
    void garbageIsBad() throws IOException {
        file("proc/loadavg", "NaN 0.58 0.59 1/389 12345\n");
        assertBad("unreadable value 'NaN' in " + root.resolve("proc/loadavg"), readOnce(driver, metric(SensorKind.CPU_LOAD, "load")));
        file("sys/class/thermal/thermal_zone0/temp", "\n");
        assertBad("unreadable value '' in " + root.resolve("sys/class/thermal/thermal_zone0/temp"),
                readOnce(driver, metric(SensorKind.CPU_TEMPERATURE, "cpu-temperature")));
    }

    @Test
    void cpuTemperatureBeyondWhatTheSocReportsIsBad() throws IOException {
        file("sys/class/thermal/thermal_zone0/temp", "200000\n");
        assertBad("out of physical range: 200 C (-40..125)", readOnce(driver, metric(SensorKind.CPU_TEMPERATURE, "cpu-temperature")));
    }

    @Test
    void diskFreeInWholeMegabytes() {
        PiHealthDriver withDisk = new PiHealthDriver(path -> path.equals(Path.of("/var/lib/jaga")) ? 12_345_678_901L : 0);
        Sensor sensor = sensor("pi-row-1-disk", SensorKind.DISK_FREE, Map.of("type", "pi-health", "metric", "disk-free", "path", "/var/lib/jaga"));
        assertEquals(Reading.good("pi-row-1-disk", 12345.0, "MB", T0), readOnce(withDisk, sensor));
    }

    @Test
    void diskFreeOfARealFolderAndOfAMissingOne() {
        Sensor here = sensor("d", SensorKind.DISK_FREE, Map.of("type", "pi-health", "metric", "disk-free", "path", root.toString()));
        Reading r = readOnce(driver, here);
        assertEquals(Quality.GOOD, r.quality(), () -> r.toString());
        assertTrue(r.value() >= 0);

        Path gone = root.resolve("not-mounted");
        Sensor missing = sensor("d", SensorKind.DISK_FREE, Map.of("type", "pi-health", "metric", "disk-free", "path", gone.toString()));
        assertBad("not present: " + gone, readOnce(driver, missing));
    }

    @Test
    void goodSettingsHaveNoProblems() {
        assertEquals(List.of(), problems(driver, sensor("t", SensorKind.CPU_TEMPERATURE, Map.of("type", "pi-health", "metric", "cpu-temperature"))));
        assertEquals(List.of(), problems(driver, metric(SensorKind.CPU_LOAD, "load")));
        assertEquals(List.of(), problems(driver, sensor("d", SensorKind.DISK_FREE, Map.of("type", "pi-health", "metric", "disk-free"))));
    }

    @Test
    void checkReportsBadSettings() {
        assertEquals(List.of(PATH + ".driver.metric: missing; expected one of cpu-temperature, load, disk-free"),
                problems(driver, sensor("x", SensorKind.TEMPERATURE, Map.of("type", "pi-health"))));
        assertEquals(List.of(PATH + ".driver.metric: expected one of cpu-temperature, load, disk-free, found 'uptime'"),
                problems(driver, sensor("x", SensorKind.TEMPERATURE, Map.of("type", "pi-health", "metric", "uptime"))));
        assertEquals(List.of(PATH + ".driver.path: path applies to disk-free only; load reads basePath",
                        PATH + ".kind: metric load measures cpu-load, not temperature"),
                problems(driver, sensor("x", SensorKind.TEMPERATURE, Map.of("type", "pi-health", "metric", "load", "path", "/"))));
        assertEquals(List.of(PATH + ".driver.basePath: basePath applies to cpu-temperature and load; disk-free reads path"),
                problems(driver, sensor("x", SensorKind.DISK_FREE, Map.of("type", "pi-health", "metric", "disk-free", "basePath", "/"))));
    }

    private static void assertBad(String reason, Reading r) {
        assertEquals(Quality.BAD, r.quality(), () -> "expected bad, was " + r);
        assertEquals(reason, r.reason());
    }
}
