package id.jaga.sensors.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import id.jaga.sensors.command.CommandSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/protocol.md honest: every example in it must decode with the real codec into the
 * record its comment names, and every top-level message must have one.
 */
class ProtocolDocTest {
    /** Tests run in the module directory; the doc is in the repository's docs/. */
    private static final Path DOC = Path.of("..", "docs", "protocol.md");
    private static final String PACKAGE = "id.jaga.sensors.wire.";
    private static final Pattern MARKER = Pattern.compile("<!-- example: (\\S+) -->");
    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: (\\S+) -->[ \\t]*\\R```json\\R(.*?)\\R```",
            Pattern.DOTALL);
    private static final Pattern JSON_FENCE = Pattern.compile("^```json[ \\t]*$", Pattern.MULTILINE);
    private static final List<String> TOP_LEVEL = List.of("Telemetry", "AgentState", "AgentEvent", "Command",
            "CommandResult", "AlarmEvent", "ActiveAlarms", "AlarmNotification", "ControllerState", "FailoverState", "SecurityEvent", "AuditCheckpoint",
            "AllowList");

    private static String doc;
    private static List<Example> examples;

    private record Example(String type, String json, int line) {
        String name() {
            return type + " example at protocol.md line " + line;
        }
    }

    @BeforeAll
    static void readDoc() throws IOException {
        assertTrue(Files.isRegularFile(DOC), "missing " + DOC.toAbsolutePath().normalize());
        doc = Files.readString(DOC, StandardCharsets.UTF_8);
        examples = new ArrayList<>();
        Matcher m = EXAMPLE.matcher(doc);
        while (m.find()) {
            examples.add(new Example(m.group(1), m.group(2), lineOf(m.start(2))));
        }
    }

    private static int lineOf(int offset) {
        return (int) doc.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    @Test
    void everyExampleDecodesIntoItsRecordAndSurvivesARoundTrip() {
        assertFalse(examples.isEmpty(), "no examples found in " + DOC);
        List<String> failures = new ArrayList<>();
        for (Example ex : examples) {
            Class<?> type;
            try {
                type = Class.forName(PACKAGE + ex.type());
            } catch (ClassNotFoundException e) {
                failures.add(ex.name() + ": no class " + PACKAGE + ex.type());
                continue;
            }
            String firstLine = ex.json().lines().findFirst().orElse("");
            if (!ex.json().strip().equals(firstLine.strip())) {
                failures.add(ex.name() + ": the block must be one line holding the whole JSON object");
                continue;
            }
            try {
                Object decoded = Wire.decode(firstLine.getBytes(StandardCharsets.UTF_8), type);
                assertEquals(type, decoded.getClass(), ex.name());
                Object again = Wire.decode(Wire.encode(decoded), type);
                if (!decoded.equals(again)) {
                    failures.add(ex.name() + ": re-encoding changed it:\n  " + decoded + "\n  " + again);
                }
            } catch (WireException e) {
                failures.add(ex.name() + " does not decode: " + e.reason() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " bad example(s) in " + DOC + ":\n" + String.join("\n", failures));
        }
    }

    @Test
    void everyTopLevelMessageHasAnExample() {
        Set<String> documented = new TreeSet<>();
        examples.forEach(ex -> documented.add(ex.type()));
        List<String> missing = TOP_LEVEL.stream().filter(t -> !documented.contains(t)).toList();
        assertEquals(List.of(), missing, "top-level messages without an example in " + DOC);
    }

    @Test
    void signedExamplesVerifyWithTheDocumentedKey() {
        CommandSigner docKey = new CommandSigner("example-key-for-documentation-only-0123456789".getBytes(StandardCharsets.UTF_8));
        List<String> unverified = new ArrayList<>();
        for (Example ex : examples) {
            byte[] json = ex.json().getBytes(StandardCharsets.UTF_8);
            boolean verifies = switch (ex.type()) {
                case "Command" -> docKey.verifies(Wire.decode(json, Command.class));
                case "AllowList" -> docKey.verifies(Wire.decode(json, AllowList.class));
                default -> true;
            };
            if (!verifies) {
                unverified.add(ex.name());
            }
        }
        assertEquals(List.of(), unverified, "signatures that a reader of the doc could not reproduce");
    }

    @Test
    void agentStateHasABirthAndADeathExample() {
        List<AgentState.Status> statuses = examples.stream().filter(ex -> ex.type().equals("AgentState"))
                .map(ex -> Wire.decode(ex.json().getBytes(StandardCharsets.UTF_8), AgentState.class).status())
                .toList();
        assertTrue(statuses.contains(AgentState.Status.ONLINE), "no birth (online) AgentState example");
        assertTrue(statuses.contains(AgentState.Status.OFFLINE), "no death (offline) AgentState example");
    }

    @Test
    void everyJsonBlockIsAnExampleAndEveryMarkerIsFollowedByOne() {
        int fences = count(JSON_FENCE.matcher(doc));
        int markers = count(MARKER.matcher(doc));
        assertEquals(markers, examples.size(), "an <!-- example: X --> marker not directly followed by a ```json block");
        assertEquals(fences, examples.size(), "a ```json block without an <!-- example: X --> marker directly before it");
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
