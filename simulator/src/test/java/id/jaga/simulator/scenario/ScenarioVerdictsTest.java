package id.jaga.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.simulator.JagaMain;
import id.jaga.simulator.scenario.RunResult.Entry;
import id.jaga.simulator.scenario.RunResult.Kind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a run says: a failed expectation and why, the exit codes, and the same timeline for the same seed. */
class ScenarioVerdictsTest {
    static final Path WRONG = Path.of("src/test/resources/scenarios/wrong-expectation.yaml");
    /** Within a poll interval and the runner's transit margin of the same site (docs/simulator.md, Scenario time). */
    static final Duration SAME_WITHIN = Duration.ofSeconds(20);

    @TempDir
    static Path tmp;
    static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = EmbeddedBroker.onFreePort(tmp.resolve("broker"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aWrongExpectationFailsWithItsReasonAndExitCodeOne() throws IOException {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new JagaMain()).setOut(new PrintWriter(out));
        Path report = tmp.resolve("report.html");

        int exit = cli.execute("sim", "run", WRONG.toString(), "--report", report.toString());

        String text = out.toString();
        assertEquals(1, exit, text);
        assertTrue(text.contains("FAIL  alarm smoke-2/smoke critical within 30s of 1m: not in the window; saw critical raised at "),
                text);
        assertTrue(text.contains("FAIL  failover ON_DRC to drc-jakarta within 3m of 1m: saw AT_RISK at "), text);
        assertTrue(text.contains("ON_DRC to drc-makassar at "), "the reason shows where it went instead: " + text);
        assertTrue(text.contains("PASS  alarm smoke-1/smoke critical within 3m of 1m: raised critical at "), text);
        assertTrue(text.contains("Overall: FAIL (1 of 3 expectations met)"), text);
        String html = Files.readString(report);
        assertTrue(html.contains("<span class=\"fail\">FAIL</span>") && html.contains("drc-jakarta"), html);
        assertTrue(!html.contains("<script"), "self-contained and inert");
    }

    @Test
    void aBadFileIsExitCodeTwoWithALocatedError() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "name: x\nsite: " + Path.of("scenarios/sites/server-room.yaml")
                .toAbsolutePath() + "\ntimeline:\n  - at: 1m\n    mains: sideways\n");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new JagaMain()).setErr(new PrintWriter(err));

        assertEquals(2, cli.execute("sim", "run", bad.toString()));
        assertTrue(err.toString().contains(bad + ":5:5: timeline[0].mains: expected on or off, found 'sideways'"), err.toString());
    }

    @Test
    void theSameSeedGivesTheSameTimeline() throws Exception {
        Scenario fire = new ScenarioLoader().load(Path.of("scenarios/fire-confirmed.yaml"));
        RunResult first = new ScenarioRunner(broker.uri()).run(fire);
        RunResult second = new ScenarioRunner(broker.uri()).run(fire);

        for (Kind kind : Kind.values()) {
            List<Entry> a = first.timeline().stream().filter(e -> e.kind() == kind).toList();
            List<Entry> b = second.timeline().stream().filter(e -> e.kind() == kind).toList();
            assertEquals(a.stream().map(ScenarioVerdictsTest::what).toList(), b.stream().map(ScenarioVerdictsTest::what).toList(),
                    kind + " in the same order\n" + text(first) + "\n" + text(second));
            for (int i = 0; i < a.size(); i++) {
                Duration apart = a.get(i).at().minus(b.get(i).at()).abs();
                assertTrue(kind == Kind.EVENT ? apart.isZero() : apart.compareTo(SAME_WITHIN) <= 0,
                        a.get(i) + " and " + b.get(i) + " are " + apart + " apart");
            }
        }
    }

    /** An entry without what differs from run to run by nature: the values in messages, the DRC call's key. */
    private static String what(Entry e) {
        return e.text().replaceAll(":.*", "");
    }

    private static String text(RunResult run) {
        StringWriter w = new StringWriter();
        TextReport.print(run, new PrintWriter(w));
        return w.toString();
    }
}
