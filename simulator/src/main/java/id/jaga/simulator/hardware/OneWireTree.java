package id.jaga.simulator.hardware;

import id.jaga.config.Sensor;
import id.jaga.sensors.wire.Quality;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One agent's 1-wire bus as the kernel's w1-therm module shows it under {@code /sys/bus/w1/devices}:
 * a folder per DS18B20 named by its serial, holding {@code w1_slave}. Each file is rewritten when
 * the world changes: the scratchpad the chip would send for the world's temperature, the CRC the
 * kernel checks, and the temperature the kernel works out from it. A failing sensor's file has a
 * CRC error ({@link Quality#BAD}) or its folder is gone, as when the chip stops answering
 * ({@link Quality#STALE}).
 */
final class OneWireTree {
    /** Datasheet: -55 to +125 C, in 1/16 C steps at the power-on 12-bit resolution. */
    private static final int MIN_RAW = -55 * 16;
    private static final int MAX_RAW = 125 * 16;
    /** TH and TL alarm registers and the configuration register (12 bits) as they leave the factory. */
    private static final int TH = 0x4b;
    private static final int TL = 0x46;
    private static final int CONFIG_12_BIT = 0x7f;

    private final Path base;
    private final World world;
    private final Map<String, Sensor> thermometers;

    OneWireTree(Path base, World world, List<Sensor> thermometers) {
        this.base = base;
        this.world = world;
        this.thermometers = thermometers.stream().collect(Collectors.toMap(Sensor::id, Function.identity()));
        try {
            Files.createDirectories(base);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the 1-wire folder " + base, e);
        }
        thermometers.forEach(this::write);
    }

    /** The folder the DS18B20 driver's {@code basePath} points at. */
    Path base() {
        return base;
    }

    /** Follows the world for one of this bus's thermometers; other sensors are not on this bus. */
    void changed(String sensor) {
        Sensor thermometer = thermometers.get(sensor);
        if (thermometer != null) {
            write(thermometer);
        }
    }

    private synchronized void write(Sensor sensor) {
        Path device = base.resolve(sensor.driver().get("serial").toString());
        try {
            Quality fault = world.fault(sensor);
            if (fault == Quality.STALE) {
                // the kernel removes the folder once the chip stops answering its bus searches
                Files.deleteIfExists(device.resolve("w1_slave"));
                Files.deleteIfExists(device);
                return;
            }
            Files.createDirectories(device);
            // written whole, then renamed: the agent never reads half a file
            Path next = Files.writeString(device.resolve("w1_slave.next"),
                    w1Slave(world.value(sensor), fault == Quality.BAD), StandardCharsets.US_ASCII);
            Files.move(next, device.resolve("w1_slave"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the 1-wire device " + device, e);
        }
    }

    /**
     * What w1-therm prints for a DS18B20 at {@code celsius}: the nine scratchpad bytes with the CRC
     * it computed and its verdict, then the bytes again with the temperature in milli-degrees. With
     * {@code crcError} the CRC byte arrives garbled, so the verdict is NO.
     */
    static String w1Slave(double celsius, boolean crcError) {
        int raw = (int) Math.max(MIN_RAW, Math.min(MAX_RAW, Math.round(celsius * 16)));
        byte[] scratchpad = {(byte) raw, (byte) (raw >> 8), (byte) TH, (byte) TL, (byte) CONFIG_12_BIT, (byte) 0xff,
                (byte) (0x10 - (raw & 0x0f)), 0x10, 0};
        int crc = crc8(scratchpad, 8);
        scratchpad[8] = (byte) (crcError ? ~crc : crc);
        String bytes = HexFormat.ofDelimiter(" ").formatHex(scratchpad) + " ";
        // the kernel's arithmetic: a signed 16-bit count of 1/16 C, times 1000, divided with truncation
        int milliC = raw * 1000 / 16;
        return bytes + ": crc=" + HexFormat.of().toHexDigits((byte) crc) + (crcError ? " NO" : " YES") + "\n"
                + bytes + "t=" + milliC + "\n";
    }

    /** Maxim's 1-Wire CRC-8: polynomial x^8 + x^5 + x^4 + 1, bits least significant first, initial value 0. */
    static int crc8(byte[] data, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc ^= data[i] & 0xff;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? crc >>> 1 ^ 0x8c : crc >>> 1;
            }
        }
        return crc;
    }
}
