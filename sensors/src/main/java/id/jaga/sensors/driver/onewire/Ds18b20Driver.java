package id.jaga.sensors.driver.onewire;

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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DS18B20 1-Wire thermometers through the kernel's w1-gpio and w1-therm modules, which do the bus
 * work: reading {@code <basePath>/<serial>/w1_slave} starts a conversion and answers two lines,
 * <pre>
 * 72 01 4b 46 7f ff 0e 10 57 : crc=57 YES
 * 72 01 4b 46 7f ff 0e 10 57 t=23125
 * </pre>
 * the scratchpad with the kernel's CRC verdict, then the temperature in milli-degrees Celsius.
 */
public final class Ds18b20Driver implements SensorDriver {
    public static final String TYPE = "ds18b20";
    public static final String DEFAULT_BASE_PATH = "/sys/bus/w1/devices";
    /** Family code 28 (DS18B20), then the 48-bit serial in hex, lower case as sysfs names it. */
    private static final Pattern SERIAL = Pattern.compile("28-[0-9a-f]{12}");
    private static final Pattern ANY_PATH = Pattern.compile(".+");
    private static final Pattern CRC_LINE = Pattern.compile("((?:[0-9a-f]{2} ){9}): crc=[0-9a-f]{2} (YES|NO)");
    private static final Pattern TEMPERATURE_LINE = Pattern.compile("(?:[0-9a-f]{2} ){9}t=(-?\\d{1,7})");
    /** What the datasheet guarantees the chip can measure. */
    private static final Range DEVICE = new Range(-55, 125);
    /** The scratchpad's value after power-on, before any conversion: 85.000 C. */
    private static final int POWER_ON_MILLI_C = 85000;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void check(Sensor sensor, String path, Problems problems) {
        DriverSettings settings = DriverSettings.checking(TYPE, sensor, path, problems, "serial", "basePath");
        read(settings);
        settings.kinds(SensorKind.TEMPERATURE);
        settings.stuckAfter();
    }

    private static Config read(DriverSettings settings) {
        return new Config(settings.text("serial", null, SERIAL, "a DS18B20 serial such as 28-0316a2791cff"),
                Path.of(settings.text("basePath", DEFAULT_BASE_PATH, ANY_PATH, "a folder")));
    }

    private record Config(String serial, Path basePath) {
    }

    @Override
    public SensorReader open(Sensor sensor) {
        DriverSettings settings = DriverSettings.opening(TYPE, sensor);
        settings.kinds(SensorKind.TEMPERATURE);
        Config config = read(settings);
        Path device = config.basePath().resolve(config.serial());
        SensorReader reader = now -> DEVICE.apply(read(sensor, config.serial(), device, now));
        return StuckDetector.wrap(reader, Range.of(sensor), settings.stuckAfter());
    }

    private static Reading read(Sensor sensor, String serial, Path device, Instant now) {
        List<String> lines;
        try {
            lines = Files.readAllLines(device.resolve("w1_slave"), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            // the kernel removes the folder some seconds after the device stops answering its bus searches
            return bad(sensor, "device " + serial + " not present", now);
        } catch (IOException | RuntimeException e) {
            return bad(sensor, "read failed: " + e, now);
        }
        Matcher crc = lines.size() == 2 ? CRC_LINE.matcher(lines.get(0).strip()) : null;
        Matcher value = lines.size() == 2 ? TEMPERATURE_LINE.matcher(lines.get(1).strip()) : null;
        if (crc == null || !crc.matches() || !value.matches()) {
            return bad(sensor, "unreadable w1_slave: " + String.join(" | ", lines), now);
        }
        if (crc.group(2).equals("NO")) {
            return bad(sensor, "CRC error", now);
        }
        if (crc.group(1).equals("00 ".repeat(9))) {
            // a line held low reads all zero bits, whose CRC is also zero: "YES" and t=0, but no answer
            return bad(sensor, "no answer (all-zero scratchpad)", now);
        }
        int milliC = Integer.parseInt(value.group(1));
        if (milliC == POWER_ON_MILLI_C) {
            // a real 85.000 C is possible but unlikely in a data center; a reset mid-read is not
            return bad(sensor, "out of physical range: 85 C is the power-on value", now);
        }
        return Reading.good(sensor.id(), milliC / 1000.0, sensor.unit(), now);
    }

    private static Reading bad(Sensor sensor, String reason, Instant now) {
        return Reading.failed(sensor.id(), Quality.BAD, reason, sensor.unit(), now);
    }
}
