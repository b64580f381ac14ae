package id.jaga.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.sensors.auth.AgentKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The production agent's command line: what it refuses before it starts anything. (An agent that does
 * start runs until stopped: the timeout fails such a test rather than letting it hang.)
 */
@Timeout(60)
class AgentMainTest {
    @TempDir
    Path dir;
    private final StringWriter err = new StringWriter();

    private int agent(Path site) {
        CommandLine cmd = new CommandLine(new AgentMain());
        cmd.setErr(new PrintWriter(err, true));
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        return cmd.execute("--site", site.toString(), "--agent", "pi-1", "--state-dir", dir.resolve("state").toString());
    }

    @Test
    void aSiteWithASimulatedSensorIsRefusedNamingFileLineAndSensor() throws IOException {
        AgentKeys.ensure(dir.resolve("pi-1.keys"));
        Path site = Files.writeString(dir.resolve("site.yaml"), """
                site: {id: t}
                broker: {uris: ["tcp://127.0.0.1:1"]}
                rooms: [{id: room}]
                agents: [{id: pi-1, room: room, keyFile: "%s"}]
                racks:
                  - id: rack
                    room: room
                    sensors:
                      - {id: inlet, kind: temperature, agent: pi-1, driver: {type: ds18b20, serial: 28-0316a2791cff}}
                      - {id: rack-power, kind: power, agent: pi-1, driver: {type: simulated, nominal: 2000}}
                """.formatted(dir.resolve("pi-1.keys")));

        assertEquals(2, agent(site), err::toString);
        assertTrue(err.toString().contains(site + ":10:"), "file and line: " + err);
        assertTrue(err.toString().contains("racks[0].sensors[1].driver.type: sensor 'rack-power' of agent pi-1 uses the"
                + " simulated driver, which makes up its readings: only the simulator and the demo run it, a production"
                + " agent refuses it"), err.toString());
        assertFalse(err.toString().contains("inlet"), "the real sensor is fine: " + err);
        assertFalse(Files.exists(dir.resolve("state")), "nothing started");
    }

    @Test
    void simulatedOutputsAndReadersAreRefusedToo() throws IOException {
        AgentKeys.ensure(dir.resolve("pi-1.keys"));
        Path site = Files.writeString(dir.resolve("site.yaml"), """
                site: {id: t}
                broker: {uris: ["tcp://127.0.0.1:1"]}
                rooms: [{id: room}]
                agents:
                  - id: pi-1
                    room: room
                    keyFile: "%s"
                    outputs: [{id: siren-1, kind: siren, driver: {type: simulated}}]
                    readers: [{id: reader-main, driver: {type: simulated}}]
                """.formatted(dir.resolve("pi-1.keys")));

        assertEquals(2, agent(site), err::toString);
        assertTrue(err.toString().contains(site + ":8:"), err.toString());
        assertTrue(err.toString().contains("agents[0].outputs[0].driver.type: output 'siren-1' of agent pi-1 uses the simulated"
                + " driver, which switches nothing real"), err.toString());
        assertTrue(err.toString().contains(site + ":9:"), err.toString());
        assertTrue(err.toString().contains("agents[0].readers[0].driver.type: reader 'reader-main' uses the simulated driver"),
                err.toString());
    }
}
