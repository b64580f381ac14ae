package id.jaga.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int check(String... args) {
        CommandLine cmd = new CommandLine(new JagaMain());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        String[] all = Stream.concat(Stream.of("check"), Stream.of(args)).toArray(String[]::new);
        return cmd.execute(all);
    }

    @Test
    void everyExampleSiteInTheRepositoryIsValid() throws IOException {
        String[] examples;
        try (Stream<Path> files = Files.list(Path.of("../config/examples"))) {
            examples = files.map(Path::toString).filter(f -> f.endsWith(".yaml")).sorted().toArray(String[]::new);
        }
        assertTrue(examples.length >= 2);
        assertEquals(0, check(examples), err::toString);
        assertEquals(examples.length, out.toString().lines().filter(l -> l.contains(": OK (site ")).count());
        assertTrue(out.toString().contains("demo.yaml: note: "), out.toString());
        assertTrue(out.toString().lines().filter(l -> l.contains(": note: ")).allMatch(l -> l.contains("uses of the simulated"
                + " driver (") && l.endsWith("): the simulator and the demo run them, a production agent (jaga agent) refuses this file")),
                out.toString());
    }

    @Test
    void aBadFileExitsNonZeroWithEveryProblemLocated(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                site: {id: s}
                rooms: [{id: r}]
                agents: [{id: a, room: r}]
                racks:
                  - id: k
                    room: r
                    sensors: [{id: t, kind: temprature, agent: a, driver: {type: ds99}}]
                """);

        assertEquals(2, check(bad.toString()));
        assertTrue(err.toString().contains(bad + ":7:29: racks[0].sensors[0].kind: unknown kind 'temprature'"), err.toString());
        assertTrue(err.toString().contains(bad + ":7:60: racks[0].sensors[0].driver.type: unknown driver 'ds99'; known: simulated, nut, ds18b20, sht31, ina219, pi-health, gpio, s0-meter"),
                err.toString());
    }

    @Test
    void emptyEntriesAreProblemsNotACrash(@TempDir Path dir) throws IOException {
        Path gaps = Files.writeString(dir.resolve("gaps.yaml"), """
                site: {id: s}
                rooms: [{id: r, sensors: [~]}]
                agents: [~, {id: a, room: r}]
                """);

        assertEquals(2, check(gaps.toString()));
        assertTrue(err.toString().contains(gaps + ":2:27: rooms[0].sensors[0]: empty entry"), err.toString());
        assertTrue(err.toString().contains(gaps + ":3:10: agents[0]: empty entry"), err.toString());
    }
}
