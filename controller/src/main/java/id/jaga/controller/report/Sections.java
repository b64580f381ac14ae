package id.jaga.controller.report;

import id.jaga.controller.green.GreenFigures;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The report's content as titled sections of paragraphs and tables: what HTML and PDF both lay out. */
final class Sections {
    sealed interface Block permits Text, Table {
    }

    record Text(String text, boolean warning) implements Block {
    }

    record Table(List<String> headers, List<List<String>> rows) implements Block {
    }

    record Section(String title, List<Block> blocks) {
    }

    private Sections() {
    }

    /** "PUE measured over 87.0 % of the period; 13.0 % left out: UPS on battery 10.0 %, meter without data 3.0 %." */
    static String leftOut(Labels l, double coverage, GreenFigures.LeftOut out) {
        List<String> reasons = new ArrayList<>();
        for (var reason : List.of(Map.entry("left.out.ups", out.upsOnBattery()), Map.entry("left.out.no.data", out.meterWithoutData()),
                Map.entry("left.out.below.it", out.facilityBelowIt()))) {
            if (reason.getValue() >= 0.0005) {
                reasons.add(l.get(reason.getKey()) + " " + l.percent(reason.getValue()));
            }
        }
        return MessageFormat.format(l.get("pue.left.out"), l.percent(coverage), l.percent(1 - coverage), String.join(", ", reasons));
    }

    static List<Section> of(Report r, Labels l) {
        List<Section> sections = new ArrayList<>();
        GreenFigures.Pue pue = r.pue();
        GreenFigures.Energy e = r.energy();
        List<Block> green = new ArrayList<>();
        green.add(new Table(List.of(l.get("pue"), l.get("facility.energy"), l.get("it.energy"), l.get("pue.measured")),
                List.of(List.of(l.number(pue.pue(), 2), l.number(pue.facilityKwh(), 1) + " kWh", l.number(pue.itKwh(), 1) + " kWh",
                        l.percent(pue.coverage())))));
        if (pue.coverage() < 0.999) {
            green.add(new Text(leftOut(l, pue.coverage(), pue.leftOut()), true));
        }
        green.add(new Text(l.get("emissions") + ": " + l.number(e.emissions().kgCo2(), 1) + " kg CO2 ("
                + l.get("basis." + e.emissions().basis()) + "; " + l.get("emission.factor") + " "
                + l.number(e.emissions().kgPerKwh(), 3) + " kg CO2/kWh)", false));
        sections.add(new Section(l.get("section.green"), green));

        List<List<String>> rooms = e.rooms().stream().map(x -> List.of(x.name() == null ? x.room() : x.name(),
                l.number(x.kwh(), 1) + " kWh", l.percent(x.coverage()))).toList();
        List<List<String>> racks = e.racks().stream().map(x -> List.of(x.rack(), l.number(x.kwh(), 1) + " kWh",
                watts(l, x.averageW()), watts(l, x.peakW()), watts(l, x.capacityW()), watts(l, x.headroomW()),
                l.percent(x.coverage()))).toList();
        sections.add(new Section(l.get("section.energy"), List.of(
                new Table(List.of(l.get("room"), l.get("energy"), l.get("coverage")), rooms),
                new Table(List.of(l.get("rack"), l.get("energy"), l.get("average.power"), l.get("peak.power"), l.get("capacity"),
                        l.get("headroom"), l.get("coverage")), racks))));

        sections.add(new Section(l.get("section.environment"), List.of(new Table(
                List.of(l.get("rack"), l.get("sensor"), l.get("recommended"), l.get("allowable"), l.get("coverage")),
                r.inlets().stream().map(x -> List.of(x.rack(), x.sensor(), l.percent(x.recommended()), l.percent(x.allowable()),
                        l.percent(x.coverage()))).toList()))));

        sections.add(new Section(l.get("section.availability"), List.of(new Table(
                List.of(l.get("room"), l.get("availability"), l.get("incident.count"), l.get("critical.time")),
                r.availability().rooms().stream().map(x -> List.of(x.room(), l.percent(x.availability()),
                        String.valueOf(x.incidents()), l.duration(x.criticalFor()))).toList()))));

        List<Block> incidents = new ArrayList<>();
        if (r.availability().incidents().isEmpty()) {
            incidents.add(new Text(l.get("no.incidents"), false));
        }
        for (Availability.Incident i : r.availability().incidents()) {
            incidents.add(new Text("#" + i.alarmId() + " " + i.source() + " / " + i.type() + " (" + l.get("room") + " " + i.room()
                    + "): " + i.message() + ". " + l.get("raised") + " " + l.time(i.raisedAt()) + ", " + l.get("cleared") + " "
                    + (i.clearedAt() == null ? l.get("still.active") : l.time(i.clearedAt())) + "; " + l.get("critical.time")
                    + " " + l.duration(i.criticalFor()), false));
            incidents.add(new Table(List.of(l.get("timeline"), l.get("event"), l.get("severity"), l.get("by")), i.timeline().stream()
                    .map(c -> List.of(l.time(c.ts()), c.change(), c.severity().name(),
                            (c.actor() == null ? "" : c.actor()) + (c.comment() == null ? "" : ": " + c.comment()))).toList()));
        }
        sections.add(new Section(l.get("section.incidents"), incidents));

        List<Block> failovers = new ArrayList<>();
        failovers.add(new Text(l.get("on.drc") + ": " + l.duration(r.failovers().onDrc()), false));
        if (r.failovers().attempts().isEmpty()) {
            failovers.add(new Text(l.get("no.failovers"), false));
        }
        for (FailoverHistory.Attempt a : r.failovers().attempts()) {
            failovers.add(new Text(l.get("attempt") + " " + (a.attempt() == null ? "-" : a.attempt()) + ", " + l.get("trigger") + " "
                    + (a.trigger() == null ? "-" : a.trigger()) + (a.drc() == null ? "" : ", DRC " + a.drc())
                    + (a.drill() ? " (" + l.get("drill") + ")" : ""), false));
            failovers.add(new Table(List.of(l.get("timeline"), l.get("state"), l.get("decided.by"), l.get("detail")), a.timeline().stream()
                    .map(s -> List.of(l.time(s.ts()), s.state(), s.decidedBy() == null ? "" : s.decidedBy(),
                            s.detail() == null ? "" : s.detail())).toList()));
        }
        sections.add(new Section(l.get("section.failovers"), failovers));

        List<List<String>> doors = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> d : r.doors().byDoor().entrySet()) {
            d.getValue().forEach((type, n) -> doors.add(List.of(d.getKey(), type, String.valueOf(n))));
        }
        sections.add(new Section(l.get("section.doors"), doors.isEmpty() ? List.of(new Text(l.get("no.doors"), false))
                : List.of(new Table(List.of(l.get("door"), l.get("event"), l.get("count")), doors))));

        String audit = r.audit().ok() ? MessageFormat.format(l.get("audit.ok"), String.valueOf(r.audit().checked()))
                : MessageFormat.format(l.get("audit.broken"), String.valueOf(r.audit().firstBadSeq()), r.audit().problem());
        sections.add(new Section(l.get("section.audit"), List.of(new Text(audit, !r.audit().ok()))));
        return sections;
    }

    private static String watts(Labels l, Double w) {
        return w == null ? "-" : l.number(w / 1000, 2) + " kW";
    }
}
