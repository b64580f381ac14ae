package id.jaga.sensors.driver.gpio;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import id.jaga.config.ConfigException;
import id.jaga.config.Output;
import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.driver.Drivers;
import id.jaga.sensors.driver.EdgeSensor;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.driver.i2c.PiContexts;
import id.jaga.sensors.output.Switch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Door and smoke contacts and relay outputs on Pi4J's mock GPIO. */
class GpioDriversTest {
    private final Context pi4j = PiContexts.mock();
    private final GpioInputDriver inputs = new GpioInputDriver(pi4j);
    private final List<Boolean> changes = new CopyOnWriteArrayList<>();

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private SensorReader contact(String id, SensorKind kind, Map<String, Object> driver) {
        SensorReader reader = inputs.open(new Sensor(id, kind, null, "pi-1", driver, null));
        ((EdgeSensor) reader).onChange(changes::add);
        return reader;
    }

    private MockDigitalInput pin(String id) {
        return pi4j.registry().get("in-" + id);
    }

    @Test
    void aDoorOpeningIsReportedOnceItSettlesAndReadsOne() {
        SensorReader door = contact("door-main", SensorKind.DOOR, Map.of("type", "gpio", "pin", 17));
        assertEquals(0.0, door.read(Instant.EPOCH).value(), "a closed reed switch pulls the pin low");

        pin("door-main").mockState(DigitalState.HIGH);

        await().atMost(Duration.ofSeconds(5)).until(() -> changes.equals(List.of(true)));
        assertEquals(1.0, door.read(Instant.EPOCH).value());
    }

    @Test
    void aBouncingContactGivesOneChange() {
        SensorReader door = contact("door-main", SensorKind.DOOR, Map.of("type", "gpio", "pin", 17, "debounce", "200ms"));
        MockDigitalInput pin = pin("door-main");
        for (int i = 0; i < 5; i++) {
            pin.mockState(DigitalState.HIGH);
            pin.mockState(DigitalState.LOW);
        }
        pin.mockState(DigitalState.HIGH);

        await().atMost(Duration.ofSeconds(5)).until(() -> !changes.isEmpty());
        assertEquals(List.of(true), changes);
        assertEquals(1.0, door.read(Instant.EPOCH).value());
    }

    @Test
    void aSmokeRelayIsActiveLowUnlessSaidOtherwise() {
        SensorReader smoke = contact("smoke-1", SensorKind.SMOKE, Map.of("type", "gpio", "pin", 27));
        assertEquals(1.0, smoke.read(Instant.EPOCH).value(), "the mock pin starts low: a closed alarm contact");

        pin("smoke-1").mockState(DigitalState.HIGH);
        await().atMost(Duration.ofSeconds(5)).until(() -> changes.equals(List.of(false)));
        assertEquals(0.0, smoke.read(Instant.EPOCH).value());
    }

    @Test
    void anS0MeterCountsItsPulsesAsKwh() {
        S0MeterDriver meters = new S0MeterDriver(pi4j);
        SensorReader meter = meters.open(new Sensor("facility-kwh", SensorKind.ENERGY, null, "pi-1",
                Map.of("type", "s0-meter", "pin", 5, "pulsesPerKwh", 1000), null));
        MockDigitalInput pin = pi4j.registry().get("in-facility-kwh");
        pin.mockState(DigitalState.HIGH); // idle: pulled up
        for (int i = 0; i < 2500; i++) {
            pin.mockState(DigitalState.LOW);
            pin.mockState(DigitalState.HIGH);
        }

        assertEquals(2.5, meter.read(Instant.EPOCH).value(), 1e-9);
        assertEquals("kWh", meter.read(Instant.EPOCH).unit());
    }

    @Test
    void aRelayStartsOffAndFollowsItsActiveLevel() {
        GpioOutputDriver outputs = new GpioOutputDriver(pi4j);
        Switch lock = outputs.open(new Output("lock-main", Output.Kind.LOCK, Map.of("type", "gpio", "pin", 22)));
        Switch siren = outputs.open(new Output("siren-1", Output.Kind.SIREN, Map.of("type", "gpio", "pin", 23, "activeLow", true)));
        MockDigitalOutput lockPin = pi4j.registry().get("out-lock-main");
        MockDigitalOutput sirenPin = pi4j.registry().get("out-siren-1");

        assertFalse(lock.isOn());
        assertEquals(DigitalState.LOW, lockPin.state());
        assertEquals(DigitalState.HIGH, sirenPin.state(), "an active-low relay is off when its pin is high");

        lock.set(true);
        siren.set(true);
        assertEquals(DigitalState.HIGH, lockPin.state());
        assertEquals(DigitalState.LOW, sirenPin.state());
        assertTrue(siren.isOn());
    }

    @Test
    void badSettingsAndAPinUsedTwiceAreReportedWithTheirPaths() {
        Drivers drivers = new Drivers(List.of(inputs), List.of(new GpioOutputDriver(pi4j)));
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () ->
                new SiteLoader(List.of(drivers.siteCheck())).parse("gpio.yaml", """
                        site: {id: s}
                        rooms:
                          - id: r
                            sensors:
                              - {id: door-main, kind: door, agent: a, driver: {type: gpio, pin: 17}}
                              - {id: smoke-1, kind: smoke, agent: a, driver: {type: gpio, pin: 40, pull: sideways}}
                              - {id: inlet, kind: temperature, agent: a, driver: {type: gpio, pin: 5}}
                        agents:
                          - id: a
                            room: r
                            outputs: [{id: lock-main, kind: lock, driver: {type: gpio, pin: 17, colour: red}}]
                        """));
        assertEquals(List.of(
                "gpio.yaml:6:67: rooms[0].sensors[1].driver.pin: expected a whole number 0..27, found '40'",
                "gpio.yaml:6:76: rooms[0].sensors[1].driver.pull: expected one of up, down, none, found 'sideways'",
                "gpio.yaml:7:21: rooms[0].sensors[2].kind: the gpio driver measures door, smoke, exit-request, tamper, not temperature",
                "gpio.yaml:11:43: agents[0].outputs[0].driver: GPIO 17 of agent a is already used by rooms[0].sensors[0]",
                "gpio.yaml:11:73: agents[0].outputs[0].driver.colour: unknown key 'colour' for the gpio driver; known: activeLow, pin, type"),
                e.errors().stream().map(Object::toString).toList());
    }
}
