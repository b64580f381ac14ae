package id.jaga.simulator.scenario;

import id.jaga.config.Durations;
import id.jaga.controller.report.Html;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run as one self-contained HTML page (no scripts, no outside files) for the drill's record:
 * the outcome, each verdict, and the timeline. Every text from the scenario or the run is escaped.
 */
final class HtmlReport {
    private HtmlReport() {
    }

    static void write(RunResult run, Path file) throws IOException {
        Files.writeString(file, render(run), StandardCharsets.UTF_8);
    }

    static String render(RunResult run) {
        Scenario s = run.scenario();
        StringBuilder b = new StringBuilder();
        b.append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <title>%s</title>
                <style>
                body{font-family:sans-serif;margin:2em;max-width:70em;color:#222}
                table{border-collapse:collapse;width:100%%}td,th{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
                .pass{color:#176b2c;font-weight:bold}.fail{color:#a11;font-weight:bold}.at{white-space:nowrap;font-family:monospace}
                .alarm{background:#fff4e5}.failover{background:#e8f0fe}.drc{background:#f3e8fd}.warn{color:#8a5a00}
                </style></head><body>
                """.formatted(Html.escape("Scenario: " + s.name())));
        b.append("<h1>").append(Html.escape(s.name())).append(" <span class=\"").append(run.passed() ? "pass\">PASS" : "fail\">FAIL")
                .append("</span></h1>\n");
        if (s.description() != null) {
            b.append("<p>").append(Html.escape(s.description())).append("</p>\n");
        }
        b.append("<p>").append(Html.escape(s.file().toString())).append(": seed ").append(s.seed()).append(", speed ")
                .append(Html.escape(Speeds.format(s.speed()))).append("x, ").append(Html.escape(Durations.format(s.duration())))
                .append(" of scenario time in ").append(String.format("%.1f", run.wallTime().toMillis() / 1000.0)).append(" s</p>\n");
        for (String w : run.warnings()) {
            b.append("<p class=\"warn\">warning: ").append(Html.escape(w)).append("</p>\n");
        }
        b.append("<h2>Verdicts</h2>\n<table><tr><th></th><th>expectation</th><th>why</th></tr>\n");
        for (Verdict v : run.verdicts()) {
            b.append("<tr><td class=\"").append(v.passed() ? "pass\">PASS" : "fail\">FAIL").append("</td><td>")
                    .append(Html.escape(v.expectation())).append("</td><td>").append(Html.escape(v.reason())).append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Timeline</h2>\n<table><tr><th>time</th><th>what</th><th></th></tr>\n");
        for (RunResult.Entry e : run.timeline()) {
            b.append("<tr class=\"").append(e.kind().label()).append("\"><td class=\"at\">").append(Html.escape(Offsets.format(e.at())))
                    .append("</td><td>").append(e.kind().label()).append("</td><td>").append(Html.escape(e.text())).append("</td></tr>\n");
        }
        return b.append("</table>\n</body></html>\n").toString();
    }
}
