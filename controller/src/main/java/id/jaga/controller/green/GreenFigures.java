package id.jaga.controller.green;

import id.jaga.config.Rack;
import id.jaga.config.Room;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.controller.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The green figures over a period, from the hourly roll-up: PUE, energy per rack and room with
 * average and peak power and headroom, emissions, and rack inlet time in the ASHRAE ranges. Every
 * figure says which share of the period had data (coverage); energies are what was measured, never
 * extrapolated over gaps.
 */
public final class GreenFigures {
    private final Database db;
    private final SiteConfig site;
    private final Clock clock;

    public GreenFigures(Database db, SiteConfig site, Clock clock) {
        this.db = db;
        this.site = site;
        this.clock = clock;
    }

    public ZoneId zone() {
        return site.site().timezone() == null ? ZoneId.of("Asia/Jakarta") : ZoneId.of(site.site().timezone());
    }

    /**
     * PUE with its energies, over the measured time only: {@code coverage} is the share of the period
     * (so far) it was measured in, {@code leftOut} says why the rest was not. {@code pue} is null
     * without a measured minute; it is never below 1 (docs/green.md, "What PUE leaves out").
     */
    public record Pue(Instant from, Instant to, Double pue, double facilityKwh, double itKwh, double coverage, LeftOut leftOut) {
    }

    /**
     * Shares of the period (so far) left out of PUE, 0 to 1, by reason; with the coverage they make 1.
     * {@code upsOnBattery}: a UPS discharged, so the facility meter missed the energy the IT load took
     * from the battery. {@code meterWithoutData}: a facility or IT meter had no current reading (or
     * the time is not rolled up yet). {@code facilityBelowIt}: the facility meter read less than the
     * IT meters with no UPS saying it discharged: a discharge the UPS did not report, or a faulty meter.
     */
    public record LeftOut(double upsOnBattery, double meterWithoutData, double facilityBelowIt) {
        /** From the seconds of a period: measured, on battery, below IT; the rest of the elapsed time had no data. */
        public static LeftOut of(double measuredS, double batteryS, double belowItS, long elapsed) {
            double battery = share(batteryS, elapsed);
            double below = share(belowItS, elapsed);
            return new LeftOut(battery, Math.max(0, 1 - share(measuredS, elapsed) - battery - below), below);
        }

        public double total() {
            return upsOnBattery + meterWithoutData + facilityBelowIt;
        }
    }

    public record RoomEnergy(String room, String name, double kwh, double coverage) {
    }

    /** {@code headroomW}: capacity minus peak; null without a configured capacity or data. */
    public record RackEnergy(String rack, String room, double kwh, Double averageW, Double peakW, Double capacityW,
                             Double headroomW, double coverage) {
    }

    /** Estimated emissions: kWh x factor, from the facility's energy where metered, else the IT energy ({@code basis}). */
    public record Emissions(double kgCo2, double kgPerKwh, String basis) {
    }

    public record Energy(Instant from, Instant to, double facilityKwh, double facilityCoverage, double itKwh, double itCoverage,
                         List<RoomEnergy> rooms, List<RackEnergy> racks, Emissions emissions) {
    }

    /** Shares of the covered time a rack's inlet was within the ASHRAE recommended and allowable ranges. */
    public record Inlet(String rack, String sensor, Double recommended, Double allowable, double coverage) {
    }

    public record Day(LocalDate day, Double pue, double facilityKwh, double itKwh, double coverage, LeftOut leftOut) {
    }

    /**
     * An hour of {@code pue_hour} as PUE counts it: facility Wh, IT Wh, measured s, battery s, below-IT s.
     * An hour whose facility energy is below its IT energy (rolled up before minutes were checked one
     * by one) is left out whole, as below IT.
     */
    private static final String PUE_HOUR = "CASE WHEN facility_wh >= it_wh THEN facility_wh ELSE 0 END,"
            + " CASE WHEN facility_wh >= it_wh THEN it_wh ELSE 0 END, CASE WHEN facility_wh >= it_wh THEN matched_s ELSE 0 END,"
            + " battery_s, below_it_s + CASE WHEN facility_wh < it_wh THEN matched_s ELSE 0 END";

    public Pue pue(Period p) throws SQLException {
        double[] sums = new double[5];
        try (Connection c = db.connection();
             PreparedStatement ps = range(c, "SELECT " + PUE_HOUR + " FROM pue_hour", p);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += rs.getDouble(i + 1);
                }
            }
        }
        long elapsed = p.elapsedSeconds(clock.instant());
        return new Pue(p.from(), p.to(), sums[1] > 0 ? sums[0] / sums[1] : null, sums[0] / 1000, sums[1] / 1000,
                share(sums[2], elapsed), LeftOut.of(sums[2], sums[3], sums[4], elapsed));
    }

    public Energy energy(Period p) throws SQLException {
        Map<String, double[]> meters = meterSums(p); // energy Wh, covered s, peak W, per meter
        long elapsed = p.elapsedSeconds(clock.instant());
        List<PlacedSensor> it = site.itMeters();
        List<RoomEnergy> rooms = new ArrayList<>();
        for (Room room : site.rooms()) {
            rooms.add(group(it.stream().filter(m -> room.id().equals(m.room())).toList(), meters, elapsed,
                    (kwh, cov) -> new RoomEnergy(room.id(), room.name(), kwh, cov)));
        }
        List<RackEnergy> racks = new ArrayList<>();
        for (Rack rack : site.racks()) {
            List<PlacedSensor> own = it.stream().filter(m -> rack.id().equals(m.rack())).toList();
            double avg = 0;
            double peak = 0;
            boolean any = false;
            for (PlacedSensor m : own) {
                double[] s = meters.get(m.sensor().id());
                if (s != null && s[1] > 0) {
                    avg += s[0] * 3600 / s[1];
                    peak += s[2]; // several feeds: the sum of their peaks, an upper bound
                    any = true;
                }
            }
            Double capacity = rack.capacity() == null ? null : rack.capacity().watts();
            Double averageW = any ? avg : null;
            Double peakW = any ? peak : null;
            racks.add(group(own, meters, elapsed, (kwh, cov) -> new RackEnergy(rack.id(), rack.room(), kwh, averageW,
                    peakW, capacity, capacity == null || peakW == null ? null : capacity - peakW, cov)));
        }
        double[] facility = total(site.facilityMeters(), meters, elapsed);
        double[] itTotal = total(it, meters, elapsed);
        double factor = site.energy().emissionFactor();
        Emissions emissions = site.facilityMeters().isEmpty() ? new Emissions(itTotal[0] * factor, factor, "it")
                : new Emissions(facility[0] * factor, factor, "facility");
        return new Energy(p.from(), p.to(), facility[0], facility[1], itTotal[0], itTotal[1], rooms, racks, emissions);
    }

    public List<Inlet> inlets(Period p) throws SQLException {
        Map<String, double[]> sums = new HashMap<>();
        try (Connection c = db.connection();
             PreparedStatement ps = range(c, "SELECT sensor_id, SUM(covered_s), SUM(recommended_s), SUM(allowable_s) FROM inlet_hour",
                     p, " GROUP BY sensor_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sums.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)});
            }
        }
        long elapsed = p.elapsedSeconds(clock.instant());
        return GreenRollup.inletSensors(site).map(s -> {
            double[] v = sums.getOrDefault(s.sensor().id(), new double[3]);
            return new Inlet(s.rack(), s.sensor().id(), v[0] > 0 ? v[1] / v[0] : null, v[0] > 0 ? v[2] / v[0] : null,
                    share(v[0], elapsed));
        }).toList();
    }

    /** PUE and energies per local day, for the report's charts. */
    public List<Day> days(Period p) throws SQLException {
        ZoneId zone = zone();
        Map<LocalDate, double[]> byDay = new TreeMap<>(); // facility Wh, IT Wh, matched s, battery s, below-IT s
        try (Connection c = db.connection();
             PreparedStatement ps = range(c, "SELECT hour_start, " + PUE_HOUR + " FROM pue_hour", p);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double[] d = byDay.computeIfAbsent(rs.getTimestamp(1).toInstant().atZone(zone).toLocalDate(), k -> new double[5]);
                for (int i = 0; i < d.length; i++) {
                    d[i] += rs.getDouble(i + 2);
                }
            }
        }
        List<Day> days = new ArrayList<>();
        Instant now = clock.instant();
        for (LocalDate day = p.from().atZone(zone).toLocalDate(); day.atStartOfDay(zone).toInstant().isBefore(p.to());
             day = day.plusDays(1)) {
            double[] d = byDay.getOrDefault(day, new double[5]);
            long elapsed = Period.days(day, day, zone).elapsedSeconds(now);
            days.add(new Day(day, d[1] > 0 ? d[0] / d[1] : null, d[0] / 1000, d[1] / 1000, share(d[2], elapsed),
                    LeftOut.of(d[2], d[3], d[4], elapsed)));
        }
        return days;
    }

    private Map<String, double[]> meterSums(Period p) throws SQLException {
        Map<String, double[]> sums = new HashMap<>();
        try (Connection c = db.connection();
             PreparedStatement ps = range(c, "SELECT sensor_id, SUM(energy_wh), SUM(covered_s), MAX(peak_w) FROM energy_hour", p,
                     " GROUP BY sensor_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sums.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)});
            }
        }
        return sums;
    }

    private interface Grouped<T> {
        T of(double kwh, double coverage);
    }

    private static <T> T group(List<PlacedSensor> meters, Map<String, double[]> sums, long elapsed, Grouped<T> make) {
        double[] t = total(meters, sums, elapsed);
        return make.of(t[0], t[1]);
    }

    /** kWh of the meters, and their mean coverage. */
    private static double[] total(List<PlacedSensor> meters, Map<String, double[]> sums, long elapsed) {
        double wh = 0;
        double covered = 0;
        for (PlacedSensor m : meters) {
            double[] s = sums.get(m.sensor().id());
            if (s != null) {
                wh += s[0];
                covered += s[1];
            }
        }
        return new double[] {wh / 1000, meters.isEmpty() ? 0 : share(covered / meters.size(), elapsed)};
    }

    private static double share(double seconds, long elapsed) {
        return elapsed <= 0 ? 0 : Math.min(1, seconds / elapsed);
    }

    private static PreparedStatement range(Connection c, String select, Period p) throws SQLException {
        return range(c, select, p, "");
    }

    private static PreparedStatement range(Connection c, String select, Period p, String tail) throws SQLException {
        PreparedStatement ps = c.prepareStatement(select + " WHERE hour_start >= ? AND hour_start < ?" + tail);
        ps.setTimestamp(1, Timestamp.from(p.from()));
        ps.setTimestamp(2, Timestamp.from(p.to()));
        return ps;
    }
}
