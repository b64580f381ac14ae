package id.jaga.sensors.driver.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.pi4j.context.Context;
import id.jaga.config.ConfigError;
import id.jaga.config.ConfigException;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.driver.Drivers;
import id.jaga.sensors.driver.host.PiHealthDriver;
import id.jaga.sensors.driver.i2c.Ina219Driver;
import id.jaga.sensors.driver.i2c.PiContexts;
import id.jaga.sensors.driver.i2c.Sht31Driver;
import id.jaga.sensors.driver.onewire.Ds18b20Driver;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hardware drivers' settings as a site file writes them, checked by the real loader. */
class SiteFileCheckTest {
    private final Context pi4j = PiContexts.mock();
    private final SiteLoader loader = new SiteLoader(List.of(new Drivers(List.of(new Ds18b20Driver(), new Sht31Driver(pi4j),
            new Ina219Driver(pi4j), new PiHealthDriver())).siteCheck()));

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private static String site(String sensors) {
        return """
                site: {id: s}
                rooms: [{id: r}]
                agents: [{id: pi-row-1, room: r}]
                racks:
                  - id: k
                    room: r
                    sensors:
                """ + sensors.indent(6);
    }

    @Test
    void hardwareSensorsAsASiteFileWritesThem() {
        SiteConfig site = loader.parse("site.yaml", site("""
                - {id: inlet, kind: temperature, agent: pi-row-1, driver: {type: ds18b20, serial: 28-0316a2791cff}}
                - {id: t, kind: temperature, agent: pi-row-1, driver: {type: sht31, bus: 1, address: 0x44, stuckAfter: 60}}
                - {id: h, kind: humidity, agent: pi-row-1, driver: {type: sht31, address: "0x44"}}
                - {id: pdu-w, kind: power, agent: pi-row-1, driver: {type: ina219, address: 0x41, shuntOhms: 0.01}}
                - {id: pi-cpu, kind: cpu-temperature, agent: pi-row-1, driver: {type: pi-health, metric: cpu-temperature}}
                - {id: pi-load, kind: cpu-load, agent: pi-row-1, driver: {type: pi-health, metric: load}}
                - {id: pi-disk, kind: disk-free, agent: pi-row-1, driver: {type: pi-health, metric: disk-free, path: /var/lib/jaga}}
                """));
        assertEquals(0x44, site.sensor("t").orElseThrow().sensor().driver().get("address"), "YAML reads 0x44 as a number");
        assertEquals("MB", site.sensor("pi-disk").orElseThrow().sensor().unit());
    }

    @Test
    void badSettingsAreReportedWithTheirLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("site.yaml", site("""
                - {id: inlet, kind: temperature, agent: pi-row-1, driver: {type: ds18b20, serial: 28-xyz}}
                - {id: t, kind: temperature, agent: pi-row-1, driver: {type: sht31, address: 0x40}}
                - {id: p, kind: power, agent: pi-row-1, driver: {type: ina219, shunt: 0.1}}
                """)));
        assertEquals(List.of(
                "site.yaml:8:81: racks[0].sensors[0].driver.serial: expected a DS18B20 serial such as 28-0316a2791cff, found '28-xyz'",
                "site.yaml:9:75: racks[0].sensors[1].driver.address: expected an I2C address 0x44..0x45, found '0x40'",
                "site.yaml:10:70: racks[0].sensors[2].driver.shunt: unknown key 'shunt' for the ina219 driver; known: bus, address, shuntOhms, type, stuckAfter"),
                e.errors().stream().map(ConfigError::toString).toList());
    }
}
