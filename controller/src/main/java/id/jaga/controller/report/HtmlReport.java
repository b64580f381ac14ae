package id.jaga.controller.report;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** The report as one self-contained HTML page: styles inline, the chart as a data: image, every text escaped. */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static byte[] render(Report r, Labels l) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(Html.escape(l.get("title"))).append(" - ")
                .append(Html.escape(r.siteName())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;color:#1b1f24}h1{color:#1f6fb2}h2{border-bottom:2px solid #1f6fb2;"
                        + "padding-bottom:.2em;margin-top:1.6em}table{border-collapse:collapse;margin:.6em 0}"
                        + "th,td{border:1px solid #c9d1d9;padding:.3em .6em;text-align:left}th{background:#e8f0f8}"
                        + ".warn{color:#b42318;font-weight:bold}img{max-width:100%}")
                .append("</style></head><body>\n");
        h.append("<h1>").append(Html.escape(l.get("title"))).append("</h1>\n<p>").append(Html.escape(l.get("site"))).append(": ")
                .append(Html.escape(r.siteName())).append(" (").append(Html.escape(r.siteId())).append(")<br>").append(Html.escape(l.get("period")))
                .append(": ").append(Html.escape(l.time(r.period().from()))).append(" &ndash; ").append(Html.escape(l.time(r.period().to())))
                .append("<br>").append(Html.escape(l.get("generated"))).append(": ").append(Html.escape(l.time(r.generatedAt()))).append("</p>\n");
        h.append("<img alt=\"").append(Html.escape(l.get("chart.title"))).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(Charts.energyPerDay(r.days(), l))).append("\">\n");
        for (Sections.Section s : Sections.of(r, l)) {
            h.append("<h2>").append(Html.escape(s.title())).append("</h2>\n");
            for (Sections.Block b : s.blocks()) {
                if (b instanceof Sections.Text t) {
                    h.append(t.warning() ? "<p class=\"warn\">" : "<p>").append(Html.escape(t.text())).append("</p>\n");
                } else if (b instanceof Sections.Table t) {
                    table(h, t);
                }
            }
        }
        return h.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void table(StringBuilder h, Sections.Table t) {
        h.append("<table><tr>");
        t.headers().forEach(x -> h.append("<th>").append(Html.escape(x)).append("</th>"));
        h.append("</tr>\n");
        for (List<String> row : t.rows()) {
            h.append("<tr>");
            row.forEach(x -> h.append("<td>").append(Html.escape(x)).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }
}
