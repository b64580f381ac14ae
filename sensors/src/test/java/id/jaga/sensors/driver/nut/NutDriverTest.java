package id.jaga.sensors.driver.nut;

import static id.jaga.sensors.driver.nut.NutServer.vars;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.sensors.driver.SensorReader;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver and its client against a real upsd serving the dummy-ups driver (see {@link NutServer}). */
class NutDriverTest {
    private static final Map<String, String> ON_MAINS = vars("ups.status", "OL", "battery.charge", "100",
            "battery.runtime", "3600", "input.voltage", "230.0", "output.voltage", "230.0", "ups.load", "20",
            "ups.temperature", "25.5");

    @TempDir
    static Path dir;
    static NutServer nut;

    private final NutDriver driver = new NutDriver();
    private final List<SensorReader> opened = new ArrayList<>();

    @BeforeAll
    static void startUpsd() throws IOException {
        nut = NutServer.start(dir, ON_MAINS);
    }

    @AfterAll
    static void stopUpsd() {
        if (nut != null) {
            nut.close();
        }
    }

    /** Every test starts from a UPS on mains, with every value of {@link #ON_MAINS} served by upsd. */
    @BeforeEach
    void onMains() {
        nut.writeDev(ON_MAINS);
        try (NutClient client = new NutClient("127.0.0.1", nut.port(), Duration.ofSeconds(2), null)) {
            within(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<String, String> served = new LinkedHashMap<>(client.listVars(NutServer.UPS));
                served.keySet().retainAll(ON_MAINS.keySet());
                assertEquals(ON_MAINS, served);
            });
        }
    }

    @AfterEach
    void closeReaders() {
        opened.forEach(SensorReader::close);
    }

    @Test
    void followsTheUpsOntoBatteryDownToLowBatteryAndBackToMains() {
        SensorReader status = open(sensor(SensorKind.UPS_STATUS, "ups.status"));
        SensorReader charge = open(sensor(SensorKind.BATTERY_CHARGE, "battery.charge"));
        SensorReader runtime = open(sensor(SensorKind.BATTERY_RUNTIME, "battery.runtime"));
        SensorReader voltage = open(sensor(SensorKind.MAINS_VOLTAGE, "input.voltage"));

        awaitUps(() -> {
            assertEquals("OL", text(status));
            assertEquals(100.0, value(charge));
            assertEquals(3600.0, value(runtime));
            assertEquals(230.0, value(voltage));
        });

        nut.writeDev(vars("ups.status", "OB DISCHRG", "battery.charge", "80", "battery.runtime", "1200", "input.voltage", "0.0"));
        awaitUps(() -> {
            assertEquals("OB DISCHRG", text(status));
            assertEquals(80.0, value(charge));
            assertEquals(1200.0, value(runtime));
            assertEquals(0.0, value(voltage));
        });

        // Tokens out of order and repeated, as some drivers send them: the reading is the normalised set.
        nut.writeDev(vars("ups.status", "DISCHRG LB OB LB", "battery.charge", "9", "battery.runtime", "95", "input.voltage", "0.0"));
        awaitUps(() -> {
            assertEquals("OB LB DISCHRG", text(status));
            assertEquals(9.0, value(charge));
            assertEquals(95.0, value(runtime));
        });

        nut.writeDev(vars("ups.status", "OL CHRG", "battery.charge", "15", "battery.runtime", "400", "input.voltage", "228.5"));
        awaitUps(() -> {
            assertEquals("OL CHRG", text(status));
            assertEquals(15.0, value(charge));
            assertEquals(400.0, value(runtime));
            assertEquals(228.5, value(voltage));
        });
        assertEquals("tokens", status.read(Instant.now()).unit());
        assertEquals("%", charge.read(Instant.now()).unit());
    }

    @Test
    void readsLoadTemperatureAndOutputVoltage() {
        SensorReader load = open(sensor(SensorKind.UPS_LOAD, "ups.load"));
        SensorReader temperature = open(sensor(SensorKind.TEMPERATURE, "ups.temperature"));
        SensorReader output = open(sensor(SensorKind.VOLTAGE, "output.voltage"));
        awaitUps(() -> {
            assertEquals(20.0, value(load));
            assertEquals(25.5, value(temperature));
            assertEquals(230.0, value(output));
        });
    }

    @Test
    void sensorsOfOneUpsShareOneConnectionAndOneListPerRound() {
        AtomicLong nanos = new AtomicLong();
        NutDriver counted = new NutDriver(nanos::get);
        List<SensorReader> readers = List.of(
                open(counted, sensor(SensorKind.UPS_STATUS, "ups.status")),
                open(counted, sensor(SensorKind.BATTERY_CHARGE, "battery.charge")),
                open(counted, sensor(SensorKind.BATTERY_RUNTIME, "battery.runtime")),
                open(counted, sensor(SensorKind.VOLTAGE, "input.voltage")),
                open(counted, sensor(SensorKind.UPS_LOAD, "ups.load")));
        UpsSession session = counted.session(readers.get(0));
        readers.forEach(r -> assertSame(session, counted.session(r), "one session per UPS"));

        readers.forEach(r -> assertEquals(Quality.GOOD, r.read(Instant.now()).quality()));
        assertEquals(1, session.commands(), "five sensors, one LIST VAR");

        nanos.addAndGet(NutDriver.SNAPSHOT_AGE.toNanos() - 1);
        readers.forEach(r -> assertEquals(Quality.GOOD, r.read(Instant.now()).quality()));
        assertEquals(1, session.commands(), "still the same round");

        nanos.addAndGet(1);
        readers.forEach(r -> assertEquals(Quality.GOOD, r.read(Instant.now()).quality()));
        assertEquals(2, session.commands(), "the next round asks again, once");
    }

    @Test
    void aSilentDriverMakesReadingsStaleUntilItSpeaksAgain() throws Exception {
        SensorReader charge = open(sensor(SensorKind.BATTERY_CHARGE, "battery.charge"));
        awaitUps(() -> assertEquals(100.0, value(charge)));

        nut.freezeDriver();
        try {
            within(NutServer.MAX_AGE.plusSeconds(20)).untilAsserted(() -> assertStale(charge, "DATA-STALE"));
        } finally {
            nut.thawDriver();
        }
        awaitUps(() -> assertEquals(100.0, value(charge)));
    }

    @Test
    void aStoppedDriverMakesReadingsStaleUntilItIsBack() throws Exception {
        SensorReader status = open(sensor(SensorKind.UPS_STATUS, "ups.status"));
        awaitUps(() -> assertEquals("OL", text(status)));

        nut.stopDriver();
        try {
            awaitUps(() -> assertStale(status, "DRIVER-NOT-CONNECTED"));
        } finally {
            nut.startDriver();
        }
        awaitUps(() -> assertEquals("OL", text(status)));
    }

    @Test
    void aStoppedUpsdMakesReadingsStaleAndAnAgentStartsWithoutItThenBothRecover() throws Exception {
        SensorReader status = open(sensor(SensorKind.UPS_STATUS, "ups.status"));
        awaitUps(() -> assertEquals("OL", text(status)));

        SensorReader late;
        nut.stopUpsd();
        try {
            // The open connection breaks; the reconnect on a later read is refused.
            awaitUps(() -> assertStale(status, "Connection refused"));
            // An agent starting now opens its sensors all the same.
            late = open(new NutDriver(), sensor(SensorKind.BATTERY_CHARGE, "battery.charge"));
            assertStale(late, "no answer from upsd at 127.0.0.1:" + nut.port());
        } finally {
            nut.startUpsd();
        }
        awaitUps(() -> {
            assertEquals("OL", text(status));
            assertEquals(100.0, value(late));
        });
    }

    @Test
    void logsInWithTheRightPasswordAndLogsOutOnClose() throws IOException {
        SensorReader status = open(sensor(SensorKind.UPS_STATUS, "ups.status",
                "username", NutServer.USER, "passwordFile", nut.passwordFile().toString()));
        awaitUps(() -> assertEquals("OL", text(status)));
        assertEquals("NUMLOGINS " + NutServer.UPS + " 1", ask("GET NUMLOGINS " + NutServer.UPS), "upsd counts our LOGIN");

        status.close();
        awaitUps(() -> assertEquals("NUMLOGINS " + NutServer.UPS + " 0", ask("GET NUMLOGINS " + NutServer.UPS)));
    }

    @Test
    void aWrongPasswordOrAUserWithoutUpsmonRightsIsRefused() throws IOException {
        Path wrong = Files.writeString(dir.resolve("wrong.txt"), "not-the-password\n");
        SensorReader wrongPassword = open(sensor(SensorKind.UPS_STATUS, "ups.status",
                "username", NutServer.USER, "passwordFile", wrong.toString()));
        Reading refused = wrongPassword.read(Instant.now());
        assertFailed(Quality.BAD, refused, "ACCESS-DENIED");
        assertTrue(refused.reason().contains("'" + NutServer.USER + "'"), refused.reason());
        assertFalse(refused.reason().contains("not-the-password"), "the password must not show: " + refused.reason());

        Path viewerPassword = Files.writeString(dir.resolve("viewer.txt"), "viewer\n");
        SensorReader viewer = open(sensor(SensorKind.UPS_STATUS, "ups.status",
                "username", "viewer", "passwordFile", viewerPassword.toString()));
        assertFailed(Quality.BAD, viewer.read(Instant.now()), "ACCESS-DENIED");
        assertEquals("NUMLOGINS " + NutServer.UPS + " 0", ask("GET NUMLOGINS " + NutServer.UPS));
    }

    @Test
    void anUnknownUpsIsABadReading() {
        SensorReader reader = open(sensor(SensorKind.UPS_STATUS, "ups.status", "ups", "nosuchups"));
        assertFailed(Quality.BAD, reader.read(Instant.now()), "UNKNOWN-UPS");
    }

    @Test
    void aVariableTheUpsDoesNotReportIsStale() {
        SensorReader reader = open(sensor(SensorKind.TEMPERATURE, "ambient.temperature"));
        assertFailed(Quality.STALE, reader.read(Instant.now()), "does not report ambient.temperature");
    }

    @Test
    void aValueThatIsNotANumberIsBad() {
        SensorReader load = open(sensor(SensorKind.UPS_LOAD, "ups.load"));
        Map<String, String> broken = new LinkedHashMap<>(ON_MAINS);
        broken.put("ups.load", "n/a");
        nut.writeDev(broken);
        awaitUps(() -> assertFailed(Quality.BAD, load.read(Instant.now()), "ups.load is 'n/a', not a number"));
    }

    @Test
    void theClientReadsOneVariableAndReportsErrorCodes() throws Exception {
        try (NutClient client = new NutClient("127.0.0.1", nut.port(), Duration.ofSeconds(2), null)) {
            assertEquals("230.0", client.getVar(NutServer.UPS, "input.voltage"));
            assertEquals("VAR-NOT-SUPPORTED",
                    assertThrows(NutException.class, () -> client.getVar(NutServer.UPS, "no.such.var")).code());
            assertEquals("UNKNOWN-UPS", assertThrows(NutException.class, () -> client.listVars("nosuchups")).code());
            assertTrue(client.isConnected(), "an ERR answer leaves the connection usable");
            assertEquals("OL", client.listVars(NutServer.UPS).get("ups.status"));
        }
    }

    // --- helpers

    private Sensor sensor(SensorKind kind, String var, String... settings) {
        Map<String, Object> driverSettings = new LinkedHashMap<>();
        driverSettings.put("type", NutDriver.TYPE);
        driverSettings.put("host", "127.0.0.1");
        driverSettings.put("port", nut.port());
        driverSettings.put("ups", NutServer.UPS);
        driverSettings.put("var", var);
        for (int i = 0; i < settings.length; i += 2) {
            driverSettings.put(settings[i], settings[i + 1]);
        }
        return new Sensor("ups-" + var, kind, null, "pi-row-a", driverSettings, null);
    }

    private SensorReader open(Sensor sensor) {
        return open(driver, sensor);
    }

    private SensorReader open(NutDriver with, Sensor sensor) {
        SensorReader reader = with.open(sensor);
        opened.add(reader);
        return reader;
    }

    private static ConditionFactory within(Duration limit) {
        return Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(200)).ignoreExceptions();
    }

    /** dummy-ups looks at its file every second and upsd passes changes on at once: 20 s is ample. */
    private static void awaitUps(ThrowingRunnable assertion) {
        within(Duration.ofSeconds(20)).untilAsserted(assertion);
    }

    private static Reading good(SensorReader reader) {
        Reading r = reader.read(Instant.now());
        assertEquals(Quality.GOOD, r.quality(), r.reason());
        return r;
    }

    private static String text(SensorReader reader) {
        return good(reader).text();
    }

    private static double value(SensorReader reader) {
        return good(reader).value();
    }

    private static void assertStale(SensorReader reader, String because) {
        assertFailed(Quality.STALE, reader.read(Instant.now()), because);
    }

    private static void assertFailed(Quality quality, Reading r, String because) {
        assertEquals(quality, r.quality(), () -> "reading " + r);
        assertNull(r.value(), "a failed reading carries no value");
        assertNull(r.text(), "a failed reading carries no text");
        assertTrue(r.reason() != null && r.reason().contains(because), () -> "reason '" + r.reason() + "' should say '" + because + "'");
    }

    /** One command on a connection of its own, for what the driver does not ask (e.g. NUMLOGINS). */
    private static String ask(String command) throws IOException {
        try (Socket s = new Socket("127.0.0.1", nut.port());
             PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
             BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            s.setSoTimeout(2000);
            out.print(command + "\n");
            out.flush();
            return in.readLine();
        }
    }
}
