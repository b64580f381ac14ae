package id.jaga.controller.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.sensors.auth.AgentKeyRing;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jaga keys}: as an operator runs it on the controller's host. */
class KeysCommandTest {
    @TempDir
    Path dir;

    private Path site() throws Exception {
        return Files.writeString(dir.resolve("site.yaml"), """
                site: {id: s}
                rooms: [{id: r}]
                agents:
                  - {id: pi-row-a, room: r, keyFile: "%s"}
                  - {id: pi-row-b, room: r}
                """.formatted(dir.resolve("keys/pi-row-a.keys")));
    }

    private record Run(int exit, String out, String err) {
    }

    private Run keys(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new KeysCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), out.toString(), err.toString());
    }

    @Test
    void newListAndRetireNeverShowASecret() throws Exception {
        Path site = site();
        Path file = dir.resolve("keys/pi-row-a.keys");

        Run first = keys("new", "--site", site.toString(), "--agent", "pi-row-a");
        Run second = keys("new", "--site", site.toString(), "--agent", "pi-row-a");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("key k1 added for agent pi-row-a"), first.out());
        assertTrue(second.out().contains("key k2 added"), second.out());
        assertEquals(List.of("k1", "k2"), AgentKeyRing.read(file).ids());

        Run list = keys("list", "--site", site.toString());
        assertEquals(1, list.exit(), "pi-row-b has no keyFile");
        assertTrue(list.out().contains("keys [k1, k2], signs with k2"), list.out());
        assertTrue(list.out().contains("pi-row-b") && list.out().contains("no keyFile"), list.out());

        Run retire = keys("retire", "--site", site.toString(), "--agent", "pi-row-a");
        assertEquals(0, retire.exit(), retire.err());
        assertEquals(List.of("k2"), AgentKeyRing.read(file).ids());

        String secret = Files.readAllLines(file).get(1).split(" ")[1];
        for (Run run : List.of(first, second, list, retire)) {
            assertFalse((run.out() + run.err()).contains(secret), "no secret on screen");
        }
    }

    @Test
    void anAgentWithoutAKeyFileOrNotInTheSiteIsAClearError() throws Exception {
        Path site = site();
        Run noFile = keys("new", "--site", site.toString(), "--agent", "pi-row-b");
        assertEquals(2, noFile.exit());
        assertTrue(noFile.err().contains("agent 'pi-row-b' has no keyFile: add e.g. keyFile: /etc/jaga/keys/pi-row-b.keys"),
                noFile.err());

        Run unknown = keys("new", "--site", site.toString(), "--agent", "pi-row-z");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("no agent 'pi-row-z'; its agents are [pi-row-a, pi-row-b]"), unknown.err());
    }
}
