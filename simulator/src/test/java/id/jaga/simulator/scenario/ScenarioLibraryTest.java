package id.jaga.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.controller.broker.EmbeddedBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every scenario of the library passes against the real parts, all on one shared broker. */
class ScenarioLibraryTest {
    static final Path LIBRARY = Path.of("scenarios");

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

    @TestFactory
    Stream<DynamicTest> everyScenarioPasses() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(LIBRARY)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "the library holds the drills: " + files);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            RunResult result = new ScenarioRunner(broker.uri()).run(new ScenarioLoader().load(file));
            StringWriter report = new StringWriter();
            TextReport.print(result, new PrintWriter(report));
            assertTrue(result.passed(), report.toString());
        }));
    }
}
