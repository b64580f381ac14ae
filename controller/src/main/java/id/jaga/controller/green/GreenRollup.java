package id.jaga.controller.green;

import id.jaga.config.SensorKind;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.controller.ingest.ReadingStore;
import id.jaga.controller.storage.Database;
import id.jaga.controller.storage.StorageUnavailableException;
import id.jaga.sensors.driver.nut.UpsStatus;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Rolls the 1-minute aggregates of the power meters and rack inlet sensors up into hours once they
 * are complete (energy, covered seconds, peak; PUE over the minutes all meters had data; inlet time in
 * the ASHRAE ranges), kept for years. A minute without a reading still counts, at the last minute's
 * mean, while that reading was not yet stale (the sensor's {@code staleAfter}), so a meter polled
 * once a minute is not shown with gaps it does not have.
 * <p>
 * PUE leaves out, and counts apart, the minutes in which a UPS discharged (its {@code ups.status}
 * said {@code OB} or {@code DISCHRG}): the IT load then ran from the battery while the facility meter
 * read almost nothing, a facility energy that is not the site's (ISO/IEC 30134-2 counts the energy
 * the facility takes in over a period; the battery's is taken in later, when it recharges). A minute
 * whose facility energy is below its IT energy is left out too: with no other source of energy on
 * site, only an unreported discharge or a faulty meter gives one. So no PUE below 1 is ever formed.
 */
public final class GreenRollup {
    private static final Duration CHUNK = Duration.ofDays(1);

    private final Database db;
    private final SiteConfig site;
    private final List<String> facility;
    private final List<String> it;
    private final List<String> inlets;
    private final List<PlacedSensor> upsStatus;
    private final Map<String, Integer> holdMinutes = new HashMap<>();

    public GreenRollup(Database db, SiteConfig site) {
        this.db = db;
        this.site = site;
        this.facility = site.facilityMeters().stream().map(p -> p.sensor().id()).toList();
        this.it = site.itMeters().stream().map(p -> p.sensor().id()).toList();
        this.inlets = inletSensors(site).map(p -> p.sensor().id()).toList();
        this.upsStatus = upsStatusSensors(site).toList();
        site.sensors().forEach(p -> holdMinutes.put(p.sensor().id(), (int) p.sensor().staleAfter().toMinutes()));
    }

    /** The temperature sensors mounted on racks: the rack inlets, as the ASHRAE thresholds treat them. */
    static Stream<PlacedSensor> inletSensors(SiteConfig site) {
        return site.sensors().filter(p -> p.rack() != null && p.sensor().kind() == SensorKind.TEMPERATURE);
    }

    /** The sensors of the site's UPS status ({@code ups.status}): when one says the UPS discharges, PUE leaves the time out. */
    static Stream<PlacedSensor> upsStatusSensors(SiteConfig site) {
        return site.sensors().filter(p -> p.sensor().kind() == SensorKind.UPS_STATUS);
    }

    /** Whether a UPS status reading says the battery carries the load: on battery, or discharging. */
    public static boolean discharging(Reading r) {
        if (r.quality() != Quality.GOOD || r.text() == null) {
            return false;
        }
        var tokens = UpsStatus.parse(r.text());
        return tokens.contains("OB") || tokens.contains("DISCHRG");
    }

    /** Rolls up every complete hour not done yet; returns how many hours. */
    public synchronized int run() throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            Optional<Instant> minutesDone = instant(c, "SELECT done_until FROM aggregate_progress WHERE bucket_size = '1m'");
            if (minutesDone.isEmpty()) {
                return 0;
            }
            Instant until = minutesDone.get().truncatedTo(ChronoUnit.HOURS);
            Optional<Instant> start = instant(c, "SELECT done_until FROM green_progress WHERE id = 1")
                    .or(() -> firstMinute(c).map(t -> t.truncatedTo(ChronoUnit.HOURS)));
            if (start.isEmpty()) {
                return 0;
            }
            int hours = 0;
            for (Instant from = start.get(); from.isBefore(until); ) {
                Instant to = min(from.plus(CHUNK), until);
                hours += rollUp(c, from, to);
                setProgress(c, to);
                c.commit();
                from = to;
            }
            return hours;
        }
    }

    private int rollUp(Connection c, Instant from, Instant to) throws SQLException {
        int maxHold = holdMinutes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Map<String, TreeMap<Instant, double[]>> minutes = minutes(c, from.minus(Duration.ofMinutes(maxHold)), to);
        List<Discharge> discharge = discharge(from, to);
        List<Object[]> energy = new ArrayList<>();
        List<Object[]> pue = new ArrayList<>();
        List<Object[]> inlet = new ArrayList<>();
        for (Instant hour = from; hour.isBefore(to); hour = hour.plus(Duration.ofHours(1))) {
            Map<String, double[]> perMeter = new LinkedHashMap<>(); // energy Wh, covered s, peak W
            double[] matched = new double[3]; // facility Wh, IT Wh, seconds
            int batteryS = 0; // minutes left out of PUE: a UPS discharged
            int belowItS = 0; // and: facility below IT without a UPS saying so
            Map<String, int[]> perInlet = new LinkedHashMap<>(); // covered, recommended, allowable seconds
            for (int m = 0; m < 60; m++) {
                Instant minute = hour.plus(Duration.ofMinutes(m));
                double facilityWh = 0;
                double itWh = 0;
                boolean all = !facility.isEmpty() && !it.isEmpty();
                for (String meter : meters()) {
                    double[] v = valueAt(minutes.get(meter), meter, minute);
                    if (v == null) {
                        all = false;
                        continue;
                    }
                    double[] acc = perMeter.computeIfAbsent(meter, k -> new double[] {0, 0, Double.NEGATIVE_INFINITY});
                    acc[0] += v[0] / 60;
                    acc[1] += 60;
                    acc[2] = Math.max(acc[2], v[1]);
                    if (facility.contains(meter)) {
                        facilityWh += v[0] / 60;
                    } else {
                        itWh += v[0] / 60;
                    }
                }
                if (discharging(discharge, minute)) {
                    batteryS += 60;
                } else if (all && facilityWh < itWh) {
                    belowItS += 60;
                } else if (all) {
                    matched[0] += facilityWh;
                    matched[1] += itWh;
                    matched[2] += 60;
                }
                for (String sensor : inlets) {
                    double[] v = valueAt(minutes.get(sensor), sensor, minute);
                    if (v != null) {
                        int[] acc = perInlet.computeIfAbsent(sensor, k -> new int[3]);
                        acc[0] += 60;
                        acc[1] += Ashrae.RECOMMENDED.contains(v[0]) ? 60 : 0;
                        acc[2] += Ashrae.ALLOWABLE.contains(v[0]) ? 60 : 0;
                    }
                }
            }
            Timestamp at = Timestamp.from(hour);
            perMeter.forEach((meter, a) -> energy.add(new Object[] {meter, at, a[0], (int) a[1], a[2]}));
            if (matched[2] > 0 || batteryS > 0 || belowItS > 0) {
                pue.add(new Object[] {at, matched[0], matched[1], (int) matched[2], batteryS, belowItS});
            }
            perInlet.forEach((sensor, a) -> inlet.add(new Object[] {sensor, at, a[0], a[1], a[2]}));
        }
        // Idempotent: a chunk whose commit was lost is simply written again.
        delete(c, "DELETE FROM energy_hour WHERE hour_start >= ? AND hour_start < ?", from, to);
        delete(c, "DELETE FROM pue_hour WHERE hour_start >= ? AND hour_start < ?", from, to);
        delete(c, "DELETE FROM inlet_hour WHERE hour_start >= ? AND hour_start < ?", from, to);
        insert(c, "INSERT INTO energy_hour (sensor_id, hour_start, energy_wh, covered_s, peak_w) VALUES (?,?,?,?,?)", energy);
        insert(c, "INSERT INTO pue_hour (hour_start, facility_wh, it_wh, matched_s, battery_s, below_it_s) VALUES (?,?,?,?,?,?)", pue);
        insert(c, "INSERT INTO inlet_hour (sensor_id, hour_start, covered_s, recommended_s, allowable_s) VALUES (?,?,?,?,?)", inlet);
        return (int) Duration.between(from, to).toHours();
    }

    /** One UPS status sensor's good readings, true where the UPS discharged, and how long one holds (its staleAfter). */
    private record Discharge(TreeMap<Instant, Boolean> at, Duration hold) {
        /** The status in force at the minute's start says so (while not yet stale), or a reading in the minute does. */
        boolean during(Instant minute) {
            Map.Entry<Instant, Boolean> start = at.floorEntry(minute);
            if (start != null && start.getValue() && !start.getKey().plus(hold).isBefore(minute)) {
                return true;
            }
            return at.subMap(minute, false, minute.plus(Duration.ofMinutes(1)), false).containsValue(true);
        }
    }

    /**
     * Each UPS status sensor's readings around [from, to), from the raw readings: they are kept for
     * {@code storage.keepRaw} (30 days by default), far longer than the roll-up lags behind. Hours
     * older than that (a first roll-up over a long history) find no status, and only the
     * facility-below-IT rule guards them.
     */
    private List<Discharge> discharge(Instant from, Instant to) throws SQLException {
        List<Discharge> all = new ArrayList<>();
        ReadingStore store = new ReadingStore(db);
        for (PlacedSensor p : upsStatus) {
            TreeMap<Instant, Boolean> series = new TreeMap<>();
            for (ReadingStore.Stored s : store.readings(p.sensor().agent(), p.sensor().id(), from.minus(p.sensor().staleAfter()), to)) {
                if (s.reading().quality() == Quality.GOOD && s.reading().text() != null) {
                    series.merge(s.reading().ts(), discharging(s.reading()), Boolean::logicalOr);
                }
            }
            all.add(new Discharge(series, p.sensor().staleAfter()));
        }
        return all;
    }

    private static boolean discharging(List<Discharge> discharge, Instant minute) {
        return discharge.stream().anyMatch(d -> d.during(minute));
    }

    private List<String> meters() {
        return Stream.concat(facility.stream(), it.stream()).toList();
    }

    /** The minute's {mean, max}: its own, or the last one's while that reading is not yet stale. */
    private double[] valueAt(TreeMap<Instant, double[]> series, String sensor, Instant minute) {
        if (series == null) {
            return null;
        }
        Map.Entry<Instant, double[]> last = series.floorEntry(minute);
        if (last == null) {
            return null;
        }
        long behind = Duration.between(last.getKey(), minute).toMinutes();
        return behind == 0 || behind <= holdMinutes.getOrDefault(sensor, 0) ? last.getValue() : null;
    }

    /** One query per sensor, so each is a range of the aggregates' primary key. */
    private Map<String, TreeMap<Instant, double[]>> minutes(Connection c, Instant from, Instant to) throws SQLException {
        Map<String, TreeMap<Instant, double[]>> bySensor = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT bucket_start, avg_value, max_value FROM reading_aggregate"
                + " WHERE sensor_id = ? AND bucket_size = '1m' AND bucket_start >= ? AND bucket_start < ?")) {
            for (String sensor : Stream.concat(meters().stream(), inlets.stream()).distinct().toList()) {
                ps.setString(1, sensor);
                ps.setTimestamp(2, Timestamp.from(from));
                ps.setTimestamp(3, Timestamp.from(to));
                try (ResultSet rs = ps.executeQuery()) {
                    TreeMap<Instant, double[]> series = new TreeMap<>();
                    while (rs.next()) {
                        series.put(rs.getTimestamp(1).toInstant(), new double[] {rs.getDouble(2), rs.getDouble(3)});
                    }
                    bySensor.put(sensor, series);
                }
            }
        }
        return bySensor;
    }

    private Optional<Instant> firstMinute(Connection c) {
        try {
            return instant(c, "SELECT MIN(bucket_start) FROM reading_aggregate WHERE bucket_size = '1m'");
        } catch (SQLException e) {
            throw new StorageUnavailableException(e);
        }
    }

    private static Optional<Instant> instant(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
            return Optional.ofNullable(t).map(Timestamp::toInstant);
        }
    }

    private static void setProgress(Connection c, Instant until) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE green_progress SET done_until = ? WHERE id = 1")) {
            update.setTimestamp(1, Timestamp.from(until));
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO green_progress (id, done_until) VALUES (1, ?)")) {
                    insert.setTimestamp(1, Timestamp.from(until));
                    insert.executeUpdate();
                }
            }
        }
    }

    private static void delete(Connection c, String sql, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.executeUpdate();
        }
    }

    private static void insert(Connection c, String sql, List<Object[]> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    ps.setObject(i + 1, row[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
