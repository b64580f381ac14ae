package id.jaga.simulator.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.sensors.driver.nut.NutClient;
import id.jaga.sensors.driver.nut.NutException;
import id.jaga.sensors.wire.Quality;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated upsd, talked to by the project's NutClient and by NUT's own {@code upsc}
 * (Debian nut-client, installed by {@code ./jaga test}), a client nobody here wrote.
 */
class UpsdTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final SimulatedInputs inputs = new SimulatedInputs();
    private final Upsd upsd = new Upsd(new World(inputs), Map.of("ups", vars(
            "ups.status", SensorKind.UPS_STATUS, "battery.charge", SensorKind.BATTERY_CHARGE,
            "battery.runtime", SensorKind.BATTERY_RUNTIME, "ups.load", SensorKind.UPS_LOAD,
            "input.voltage", SensorKind.MAINS_VOLTAGE)));

    private static Map<String, Sensor> vars(Object... varsAndKinds) {
        Map<String, Sensor> vars = new LinkedHashMap<>();
        for (int i = 0; i < varsAndKinds.length; i += 2) {
            String var = (String) varsAndKinds[i];
            vars.put(var, new Sensor("ups-" + var, (SensorKind) varsAndKinds[i + 1], null, "pi-1",
                    Map.of("type", "nut", "ups", "ups", "var", var), Duration.ofSeconds(2)));
        }
        return vars;
    }

    @AfterEach
    void stop() {
        upsd.close();
    }

    private NutClient client(NutClient.Login login) {
        return new NutClient(upsd.host(), upsd.port(), TIMEOUT, login);
    }

    @Test
    void nutClientReadsTheQuietUpsThenTheWorld() throws Exception {
        try (NutClient client = client(null)) {
            assertEquals(Map.of("battery.charge", "100", "battery.runtime", "1800", "device.type", "ups", "input.voltage", "230",
                    "ups.load", "35", "ups.mfr", "Jaga", "ups.model", "Simulated UPS", "ups.status", "OL"), client.listVars("ups"));

            inputs.setText("ups-ups.status", "OB DISCHRG");
            inputs.set("ups-battery.runtime", 420);
            inputs.set("ups-input.voltage", 0.0);
            assertEquals("OB DISCHRG", client.getVar("ups", "ups.status"));
            assertEquals("420", client.getVar("ups", "battery.runtime"));
            assertEquals("0", client.getVar("ups", "input.voltage"));
            assertEquals(List.of("battery.charge", "battery.runtime", "device.type", "input.voltage", "ups.load", "ups.mfr",
                    "ups.model", "ups.status"), List.copyOf(client.listVars("ups").keySet()), "sorted, as upsd lists them");
        }
    }

    @Test
    void nutClientLogsInAndHearsTheErrorsUpsdWouldSay() throws Exception {
        try (NutClient client = client(new NutClient.Login("monitor", "any \"quoted\" password", "ups"))) {
            assertEquals("100", client.getVar("ups", "battery.charge"));
            assertEquals("UNKNOWN-UPS", assertThrows(NutException.class, () -> client.listVars("other")).code());
            assertEquals("VAR-NOT-SUPPORTED", assertThrows(NutException.class, () -> client.getVar("ups", "ups.beeper")).code());

            inputs.fail("ups-battery.charge", Quality.BAD, "the driver lost the variable");
            assertTrue(!client.listVars("ups").containsKey("battery.charge"));
            inputs.fail("ups-battery.charge", Quality.STALE, "the UPS's driver stopped");
            assertEquals("DATA-STALE", assertThrows(NutException.class, () -> client.listVars("ups")).code());
        }
        try (NutClient stranger = client(new NutClient.Login("monitor", "secret", "nobody"))) {
            assertEquals("UNKNOWN-UPS", assertThrows(NutException.class, () -> stranger.getVar("ups", "ups.status")).code());
        }
    }

    @Test
    void linesAreAnsweredInOrderAndLogoutSaysGoodbye() throws Exception {
        try (Socket socket = new Socket(upsd.host(), upsd.port());
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("VER\nNETVER\nSTARTTLS\nLOGIN ups\nLIST UPS\nFLY\nGET VAR ups \"ups.status\nLOGOUT\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals(List.of(Upsd.VERSION, "1.3", "ERR FEATURE-NOT-CONFIGURED", "ERR USERNAME-REQUIRED",
                    "BEGIN LIST UPS", "UPS ups \"Simulated UPS\"", "END LIST UPS", "ERR UNKNOWN-COMMAND", "ERR INVALID-ARGUMENT",
                    "OK Goodbye"), in.lines().toList(), "then the daemon hangs up");
        }
    }

    @Test
    void upscListsTheUpsAndReadsItsVariables() throws Exception {
        String at = "ups@" + upsd.host() + ":" + upsd.port();
        assertEquals(List.of("ups"), upsc("-l", upsd.host() + ":" + upsd.port()));
        inputs.setText("ups-ups.status", "OB DISCHRG LB");
        inputs.set("ups-battery.charge", 12.5);

        List<String> all = upsc(at);
        assertTrue(all.contains("ups.status: OB DISCHRG LB"), all.toString());
        assertTrue(all.contains("battery.charge: 12.5"), all.toString());
        assertEquals(List.of("OB DISCHRG LB"), upsc(at, "ups.status"));
    }

    @Test
    void upscSaysDataStaleWhenTheUpsStopsUpdating() throws Exception {
        inputs.fail("ups-ups.status", Quality.STALE, "the UPS's driver stopped");
        Process upsc = new ProcessBuilder("upsc", "ups@" + upsd.host() + ":" + upsd.port()).redirectErrorStream(true).start();
        String said = new String(upsc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(upsc.waitFor(10, TimeUnit.SECONDS));
        assertEquals(1, upsc.exitValue(), said);
        assertTrue(said.contains("Data stale"), said);
    }

    /** Runs NUT's upsc and returns its output lines; it must succeed. */
    private static List<String> upsc(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("upsc"));
        command.addAll(List.of(args));
        Process upsc;
        try {
            upsc = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("upsc is missing: './jaga test' installs it (Debian package nut-client)", e);
        }
        String said = new String(upsc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(upsc.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, upsc.exitValue(), said);
        // upsc 2.8 says "Init SSL without certificate database" on stderr first: keep the answer lines
        return said.lines().filter(l -> !l.startsWith("Init SSL") && !l.isBlank()).toList();
    }
}
