package id.jaga.controller.report;

import id.jaga.controller.green.GreenFigures;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The report's figures as CSV for spreadsheets and further processing: one row per figure
 * ({@code section,subject,metric,value,unit}), with language-neutral keys and plain decimal numbers.
 */
public final class CsvReport {
    private CsvReport() {
    }

    public static byte[] render(Report r) {
        StringBuilder b = new StringBuilder("section,subject,metric,value,unit\r\n");
        row(b, "period", r.siteId(), "from", r.period().from(), "");
        row(b, "period", r.siteId(), "to", r.period().to(), "");
        GreenFigures.Pue pue = r.pue();
        row(b, "pue", r.siteId(), "pue", pue.pue(), "");
        row(b, "pue", r.siteId(), "facility-energy", pue.facilityKwh(), "kWh");
        row(b, "pue", r.siteId(), "it-energy", pue.itKwh(), "kWh");
        row(b, "pue", r.siteId(), "coverage", pue.coverage(), "share");
        row(b, "pue", r.siteId(), "left-out-ups-on-battery", pue.leftOut().upsOnBattery(), "share");
        row(b, "pue", r.siteId(), "left-out-meter-without-data", pue.leftOut().meterWithoutData(), "share");
        row(b, "pue", r.siteId(), "left-out-facility-below-it", pue.leftOut().facilityBelowIt(), "share");
        GreenFigures.Energy e = r.energy();
        row(b, "energy", r.siteId(), "facility-energy", e.facilityKwh(), "kWh");
        row(b, "energy", r.siteId(), "facility-coverage", e.facilityCoverage(), "share");
        row(b, "energy", r.siteId(), "it-energy", e.itKwh(), "kWh");
        row(b, "energy", r.siteId(), "it-coverage", e.itCoverage(), "share");
        row(b, "emissions", r.siteId(), "co2-" + e.emissions().basis(), e.emissions().kgCo2(), "kg");
        row(b, "emissions", r.siteId(), "factor", e.emissions().kgPerKwh(), "kg/kWh");
        for (GreenFigures.RoomEnergy room : e.rooms()) {
            row(b, "room-energy", room.room(), "energy", room.kwh(), "kWh");
            row(b, "room-energy", room.room(), "coverage", room.coverage(), "share");
        }
        for (GreenFigures.RackEnergy rack : e.racks()) {
            row(b, "rack-energy", rack.rack(), "energy", rack.kwh(), "kWh");
            row(b, "rack-energy", rack.rack(), "average-power", rack.averageW(), "W");
            row(b, "rack-energy", rack.rack(), "peak-power", rack.peakW(), "W");
            row(b, "rack-energy", rack.rack(), "capacity", rack.capacityW(), "W");
            row(b, "rack-energy", rack.rack(), "headroom", rack.headroomW(), "W");
            row(b, "rack-energy", rack.rack(), "coverage", rack.coverage(), "share");
        }
        for (GreenFigures.Inlet inlet : r.inlets()) {
            row(b, "inlet", inlet.sensor(), "recommended", inlet.recommended(), "share");
            row(b, "inlet", inlet.sensor(), "allowable", inlet.allowable(), "share");
            row(b, "inlet", inlet.sensor(), "coverage", inlet.coverage(), "share");
        }
        for (GreenFigures.Day d : r.days()) {
            row(b, "day", d.day().toString(), "pue", d.pue(), "");
            row(b, "day", d.day().toString(), "facility-energy", d.facilityKwh(), "kWh");
            row(b, "day", d.day().toString(), "it-energy", d.itKwh(), "kWh");
            row(b, "day", d.day().toString(), "coverage", d.coverage(), "share");
            row(b, "day", d.day().toString(), "left-out-ups-on-battery", d.leftOut().upsOnBattery(), "share");
        }
        for (Availability.Room room : r.availability().rooms()) {
            row(b, "availability", room.room(), "availability", room.availability(), "share");
            row(b, "availability", room.room(), "incidents", room.incidents(), "count");
            row(b, "availability", room.room(), "critical-time", room.criticalFor().toSeconds(), "s");
        }
        for (Availability.Incident i : r.availability().incidents()) {
            String subject = "#" + i.alarmId() + " " + i.source() + "/" + i.type();
            row(b, "incident", subject, "raised", i.raisedAt(), "");
            row(b, "incident", subject, "cleared", i.clearedAt(), "");
            row(b, "incident", subject, "critical-time", i.criticalFor().toSeconds(), "s");
        }
        row(b, "failover", r.siteId(), "on-drc", r.failovers().onDrc().toSeconds(), "s");
        for (FailoverHistory.Attempt a : r.failovers().attempts()) {
            a.timeline().forEach(s -> row(b, "failover", a.attempt(), s.state(), s.ts(), a.drill() ? "drill" : ""));
        }
        for (Map.Entry<String, Map<String, Integer>> d : r.doors().byDoor().entrySet()) {
            d.getValue().forEach((type, n) -> row(b, "door", d.getKey(), type, n, "count"));
        }
        row(b, "audit", r.siteId(), "intact", r.audit().ok(), "");
        row(b, "audit", r.siteId(), "records-checked", r.audit().checked(), "count");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder b, String section, String subject, String metric, Object value, String unit) {
        b.append(section).append(',').append(cell(subject)).append(',').append(cell(metric)).append(',')
                .append(value == null ? "" : cell(String.valueOf(value))).append(',').append(unit).append("\r\n");
    }

    /** RFC 4180 quoting; a leading =, +, - or @ in text is defused so a spreadsheet does not run it as a formula. */
    static String cell(String v) {
        if (v == null) {
            return "";
        }
        boolean number = v.matches("-?\\d+(\\.\\d+)?(E-?\\d+)?");
        String safe = !number && !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        return safe.matches("[A-Za-z0-9_.:/#+-]*") ? safe : "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
