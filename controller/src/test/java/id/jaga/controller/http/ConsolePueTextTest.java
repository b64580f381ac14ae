package id.jaga.controller.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the Energy page writes a PUE (js/pue.js, run by Node.js with the console's own dictionaries):
 * the figure with the share of the period measured and what was left out and why; never a figure
 * below 1. Node is required, as for the console's browser test (./jaga test installs it).
 */
class ConsolePueTextTest {
    private static final Path WEBROOT = Path.of("src/main/resources/webroot").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** pueText(pue, t) for each answer of /api/green/pue, in {@code lang}: [value, note] each. */
    private static JsonNode render(String lang, String answers) throws IOException, InterruptedException {
        String script = """
                import { pueText } from '%s';
                import { readFileSync } from 'node:fs';
                const dictionary = JSON.parse(readFileSync('%s', 'utf8'));
                const t = (key, params = {}) => dictionary[key].replace(/\\{(\\w+)\\}/g,
                  (whole, name) => (params[name] === undefined ? whole : String(params[name])));
                const answers = JSON.parse(process.env.ANSWERS);
                console.log(JSON.stringify(answers.map((a) => { const { value, note } = pueText(a, t); return [value, note]; })));
                """.formatted(WEBROOT.resolve("js/pue.js").toUri(), WEBROOT.resolve("i18n/" + lang + ".json"));
        ProcessBuilder pb = new ProcessBuilder("node", "--input-type=module", "-e", script).redirectErrorStream(true);
        pb.environment().put("ANSWERS", answers);
        Process node;
        try {
            node = pb.start();
        } catch (IOException e) {
            throw new AssertionError("this test needs Node.js (Debian: apt-get install nodejs; ./jaga test installs it)", e);
        }
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!node.waitFor(1, TimeUnit.MINUTES) || node.exitValue() != 0) {
            throw new AssertionError("node failed:\n" + out);
        }
        return JSON.readTree(out);
    }

    @Test
    void aPueMeasuredOverPartOfThePeriodSaysWhatWasLeftOutAndWhy() throws Exception {
        JsonNode shown = render("en", """
                [{"pue": 1.4234, "coverage": 0.87, "leftOut": {"upsOnBattery": 0.10, "meterWithoutData": 0.03, "facilityBelowIt": 0}},
                 {"pue": 1.41, "coverage": 1, "leftOut": {"upsOnBattery": 0, "meterWithoutData": 0, "facilityBelowIt": 0}},
                 {"pue": null, "coverage": 0, "leftOut": {"upsOnBattery": 1, "meterWithoutData": 0, "facilityBelowIt": 0}},
                 {"pue": 1.39, "coverage": 0.87, "leftOut": {"upsOnBattery": 0, "meterWithoutData": 0.13, "facilityBelowIt": 0}},
                 {"pue": null, "coverage": 0, "leftOut": {"upsOnBattery": 0, "meterWithoutData": 1, "facilityBelowIt": 0}}]
                """);
        assertEquals("1.42", shown.get(0).get(0).asText());
        assertEquals("(87 % of the period measured; 13 % left out: UPS on battery 10 %, meter without data 3 %)",
                shown.get(0).get(1).asText());
        assertEquals("1.41", shown.get(1).get(0).asText());
        assertEquals("(100 % of the period measured)", shown.get(1).get(1).asText());
        assertEquals("no data", shown.get(2).get(0).asText());
        assertEquals("(0 % of the period measured; 100 % left out: UPS on battery 100 %)", shown.get(2).get(1).asText());
        assertEquals("(87 % of the period measured)", shown.get(3).get(1).asText(), "time without data alone needs no list");
        assertEquals("no data", shown.get(4).get(0).asText());
        assertEquals("(0 % of the period measured)", shown.get(4).get(1).asText());
    }

    @Test
    void inBahasaIndonesiaToo() throws Exception {
        JsonNode shown = render("id", """
                [{"pue": 1.5, "coverage": 0.6, "leftOut": {"upsOnBattery": 0.4, "meterWithoutData": 0, "facilityBelowIt": 0}}]
                """);
        assertEquals("(60 % periode terukur; 40 % tidak dihitung: UPS memakai baterai 40 %)", shown.get(0).get(1).asText());
    }

    /** The controller forms none; an answer with one (an older controller's, say) is not shown as a figure either. */
    @Test
    void aPueBelowOneIsNeverShownAsAFigure() throws Exception {
        JsonNode shown = render("en", """
                [{"pue": 0.64, "coverage": 0.9}]
                """);
        assertEquals("no data", shown.get(0).get(0).asText());
    }
}
