package id.jaga.sensors.driver.nut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Sensor;
import id.jaga.config.SensorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NutDriverCheckTest {
    private static final String AT = "sensors[3].driver.";

    /** The problems check() reports for a sensor of that kind with these driver settings, by path. */
    private static Map<String, String> problems(SensorKind kind, Object... settings) {
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("type", "nut");
        for (int i = 0; i < settings.length; i += 2) {
            driver.put((String) settings[i], settings[i + 1]);
        }
        Map<String, String> found = new LinkedHashMap<>();
        new NutDriver().check(new Sensor("ups-x", kind, null, "pi-row-a", driver, null), "sensors[3]", found::put);
        return found;
    }

    private static void assertProblem(Map<String, String> found, String key, String expected) {
        assertTrue(found.containsKey(AT + key), () -> "no problem at " + AT + key + " in " + found);
        assertTrue(found.get(AT + key).contains(expected), () -> "'" + found.get(AT + key) + "' should say '" + expected + "'");
    }

    @Test
    void acceptsTheShortestAndTheFullestSettings(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("nut.secret"), "pw\n");
        assertEquals(Map.of(), problems(SensorKind.UPS_STATUS, "ups", "dummy", "var", "ups.status"));
        assertEquals(Map.of(), problems(SensorKind.BATTERY_CHARGE, "host", "10.0.0.5", "port", 3493, "ups", "dummy",
                "var", "battery.charge", "username", "monitor", "passwordFile", secret.toString(), "timeout", "2s"));
    }

    @Test
    void reportsUnknownKeys() {
        assertProblem(problems(SensorKind.UPS_LOAD, "ups", "dummy", "var", "ups.load", "hots", "x"), "hots", "unknown key 'hots'");
    }

    @Test
    void reportsMissingUpsAndVar() {
        Map<String, String> found = problems(SensorKind.BATTERY_RUNTIME);
        assertProblem(found, "ups", "missing");
        assertProblem(found, "var", "e.g. battery.runtime");
    }

    @Test
    void reportsAVarThatDoesNotFitTheKind() {
        assertProblem(problems(SensorKind.BATTERY_CHARGE, "ups", "dummy", "var", "ups.load"), "var",
                "var ups.load does not fit kind battery-charge; use battery.charge");
        assertProblem(problems(SensorKind.VOLTAGE, "ups", "dummy", "var", "ups.temperature"), "var",
                "use input.voltage or output.voltage");
    }

    @Test
    void reportsAKindTheDriverCannotRead() {
        assertProblem(problems(SensorKind.DOOR, "ups", "dummy", "var", "ups.status"), "type", "does not read kind door");
    }

    @Test
    void reportsBadPorts() {
        for (Object port : new Object[] {0, 65536, "3493", 3493.5}) {
            assertProblem(problems(SensorKind.UPS_LOAD, "ups", "dummy", "var", "ups.load", "port", port), "port",
                    "expected a TCP port 1-65535");
        }
    }

    @Test
    void reportsAPasswordFileThatDoesNotExistAndCredentialsThatComeAlone(@TempDir Path dir) {
        String absent = dir.resolve("absent.secret").toString();
        assertProblem(problems(SensorKind.UPS_LOAD, "ups", "dummy", "var", "ups.load", "username", "monitor",
                "passwordFile", absent), "passwordFile", "file not found: '" + absent + "'");
        assertProblem(problems(SensorKind.UPS_LOAD, "ups", "dummy", "var", "ups.load", "username", "monitor"),
                "passwordFile", "username and passwordFile go together");
    }

    @Test
    void reportsBadTimeoutsAndNames() {
        Map<String, String> found = problems(SensorKind.UPS_LOAD, "ups", "my ups", "var", "ups.load", "timeout", "soon");
        assertProblem(found, "timeout", "expected a duration");
        assertProblem(found, "ups", "expected a NUT name");
        assertProblem(problems(SensorKind.UPS_LOAD, "ups", "dummy", "var", "ups.load", "timeout", "0s"), "timeout",
                "expected a duration");
    }
}
