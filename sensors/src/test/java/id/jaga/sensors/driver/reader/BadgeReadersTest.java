package id.jaga.sensors.driver.reader;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import id.jaga.config.ConfigException;
import id.jaga.config.Reader;
import id.jaga.config.SiteLoader;
import id.jaga.sensors.driver.Drivers;
import id.jaga.sensors.driver.SimulatedDriver;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.driver.gpio.GpioInputDriver;
import id.jaga.sensors.driver.i2c.PiContexts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Readers as the agent opens them: Wiegand on Pi4J's mock GPIO, simulated ones, and their site-file checks. */
class BadgeReadersTest {
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private final Context pi4j = PiContexts.mock();
    private final SimulatedInputs world = new SimulatedInputs();
    private final BadgeReaders readers = new BadgeReaders(world, pi4j);
    private final List<Credential> heard = new CopyOnWriteArrayList<>();

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private MockDigitalInput line(String reader, String line) {
        return pi4j.registry().get("reader-" + reader + "-" + line);
    }

    /** Pulls D0 low for each 0 and D1 for each 1, as a reader does; the lines idle high. */
    private void pulses(String reader, String bits) {
        MockDigitalInput d0 = line(reader, "d0");
        MockDigitalInput d1 = line(reader, "d1");
        for (char c : bits.replace(" ", "").toCharArray()) {
            MockDigitalInput pin = c == '1' ? d1 : d0;
            pin.mockState(DigitalState.LOW);
            pin.mockState(DigitalState.HIGH);
        }
    }

    private void frame(WiegandReader reader, String bits) {
        long before = reader.frames();
        pulses(reader.id(), bits);
        await().atMost(WITHIN).until(() -> reader.frames() == before + 1);
    }

    @Test
    void aWiegandReaderOnGpioHearsCardsAndKeypadFrames() {
        WiegandReader reader = (WiegandReader) readers.open(new Reader("reader-a", Map.of("type", "wiegand", "d0", 5, "d1", 6)), true);
        reader.onCredential(heard::add);
        line("reader-a", "d0").mockState(DigitalState.HIGH);
        line("reader-a", "d1").mockState(DigitalState.HIGH);

        // Each frame waits for the line to go quiet before the next, as a person is slower than the gap.
        frame(reader, WiegandDecoderTest.card(8106222, 24));
        for (int key : new int[] {4, 7, 1, 1, 11}) {
            frame(reader, WiegandDecoderTest.key(key));
        }

        assertEquals(List.of(new Credential("reader-a", "8106222", "4711")), heard);
        assertEquals(0, reader.droppedFrames());
    }

    @Test
    void aWiegandFrameWithABadParityIsDroppedAndCounted() {
        WiegandReader reader = (WiegandReader) readers.open(new Reader("reader-a", Map.of("type", "wiegand", "d0", 5, "d1", 6)), false);
        reader.onCredential(heard::add);
        String good = WiegandDecoderTest.card(42, 24);

        line("reader-a", "d0").mockState(DigitalState.HIGH);
        line("reader-a", "d1").mockState(DigitalState.HIGH);

        frame(reader, (good.charAt(0) == '1' ? "0" : "1") + good.substring(1));
        assertEquals(1, reader.droppedFrames());
        assertEquals(List.of(), heard);
        frame(reader, good);

        assertEquals(List.of(Credential.badge("reader-a", "42")), heard);
    }

    @Test
    void aSimulatedReaderHearsWhatIsPresentedAtItOnly() {
        BadgeReader reader = readers.open(new Reader("reader-a", Map.of("type", "simulated")), false);
        reader.onCredential(heard::add);

        world.presentBadge("reader-a", "8106222");
        world.presentBadge("reader-b", "1");
        world.presentBadge("reader-a", "8106222", "4711");
        world.enterPin("reader-a", "90");
        reader.close();
        world.presentBadge("reader-a", "2");

        assertEquals(List.of(Credential.badge("reader-a", "8106222"), new Credential("reader-a", "8106222", "4711"),
                Credential.pin("reader-a", "90")), heard);
    }

    @Test
    void badReaderSettingsAndAPinTakenTwiceAreReportedWithTheirPaths() {
        Drivers drivers = new Drivers(List.of(new SimulatedDriver(world), new GpioInputDriver(pi4j)), List.of(world.outputs()), readers);
        ConfigException e = assertThrows(ConfigException.class, () -> new SiteLoader(List.of(drivers.siteCheck())).parse("readers.yaml", """
                site: {id: s}
                rooms:
                  - id: r
                    sensors: [{id: door-main, kind: door, agent: a, driver: {type: gpio, pin: 17}}]
                agents:
                  - id: a
                    room: r
                    readers:
                      - {id: r1, driver: {type: wiegand, d0: 17, d1: 18}}
                      - {id: r2, driver: {type: wiegand, d0: 40, d1: 40, pinTimeout: soon, beep: true}}
                      - {id: r3, driver: {type: osdp}}
                      - {id: r4, driver: {type: simulated}}
                """));
        assertEquals(List.of(
                "readers.yaml:9:18: agents[0].readers[0].driver: GPIO 17 of agent a is already used by rooms[0].sensors[0]",
                "readers.yaml:10:42: agents[0].readers[1].driver.d0: expected a BCM GPIO number 0-27, found '40'",
                "readers.yaml:10:50: agents[0].readers[1].driver.d1: expected a BCM GPIO number 0-27, found '40'",
                "readers.yaml:10:58: agents[0].readers[1].driver.pinTimeout: 'soon': expected a duration such as 10s",
                "readers.yaml:10:76: agents[0].readers[1].driver.beep: unknown key 'beep' for the wiegand reader; known: d0, d1, pinTimeout, type",
                "readers.yaml:11:27: agents[0].readers[2].driver.type: unknown reader driver 'osdp'; known: wiegand, simulated"),
                e.errors().stream().map(Object::toString).toList());
    }
}
