package id.jaga.controller.alarm;

import id.jaga.config.Severity;
import id.jaga.controller.ingest.ReadingStore;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.wire.Quality;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Alarms and their changes in the database; an alarm row and its change row commit together. */
public final class AlarmStore {
    private static final String COLUMNS = "a.id, a.source, a.type, a.severity, a.state, a.message, a.last_value,"
            + " a.peak_value, a.trigger_count, a.raised_at, a.updated_at, a.cleared_at, a.latched, a.condition_present,"
            + " a.ack_by, a.ack_at, a.ack_comment, s.until_ts, s.shelved_by, s.reason, s.shelved_at, a.unit";
    private static final String FROM = " FROM alarm a LEFT JOIN alarm_shelf s ON s.source = a.source AND s.type = a.type";
    private final Database db;
    private final ReadingStore readings;

    public AlarmStore(Database db) {
        this.db = db;
        this.readings = new ReadingStore(db);
    }

    Database database() {
        return db;
    }

    /** Saves a new alarm (id 0) or an update of an existing one, with the change it represents. */
    public Alarm save(Alarm alarm, String change) throws SQLException {
        return save(alarm, change, null, null);
    }

    /** As {@link #save(Alarm, String)}, for a change a person made, with what they wrote. */
    Alarm save(Alarm alarm, String change, String actor, String comment) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            Alarm saved = alarm.id() == 0 ? insert(c, alarm) : update(c, alarm);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO alarm_change (alarm_id, change, severity, num_value,"
                    + " ts, actor, comment) VALUES (?,?,?,?,?,?,?)")) {
                ps.setLong(1, saved.id());
                ps.setString(2, change);
                ps.setString(3, saved.severity().name());
                setDouble(ps, 4, saved.lastValue());
                ps.setTimestamp(5, Timestamp.from(saved.updatedAt()));
                ps.setString(6, actor);
                ps.setString(7, comment);
                ps.executeUpdate();
            }
            c.commit();
            return saved;
        }
    }

    /** Shelves (or, with {@code shelf} null, unshelves) every occurrence of a source and type. */
    void shelve(String source, String type, Alarm.Shelf shelf) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM alarm_shelf WHERE source = ? AND type = ?")) {
                del.setString(1, source);
                del.setString(2, type);
                del.executeUpdate();
            }
            if (shelf != null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO alarm_shelf (source, type, until_ts, shelved_by,"
                        + " reason, shelved_at) VALUES (?,?,?,?,?,?)")) {
                    ps.setString(1, source);
                    ps.setString(2, type);
                    ps.setTimestamp(3, Timestamp.from(shelf.until()));
                    ps.setString(4, shelf.by());
                    ps.setString(5, shelf.reason());
                    ps.setTimestamp(6, Timestamp.from(shelf.at()));
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }

    /** The shelves in force or expired but not yet lifted, by source/type key. */
    java.util.Map<String, Alarm.Shelf> shelves() throws SQLException {
        java.util.Map<String, Alarm.Shelf> shelves = new java.util.HashMap<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT source, type, until_ts, shelved_by, reason, shelved_at FROM alarm_shelf");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                shelves.put(rs.getString(1) + "/" + rs.getString(2), new Alarm.Shelf(rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()));
            }
        }
        return shelves;
    }

    /** One alarm by id, if there is one. */
    public java.util.Optional<Alarm> find(long id) throws SQLException {
        List<Alarm> found = query("SELECT " + COLUMNS + FROM + " WHERE a.id = ?", List.of(id), 1);
        return found.stream().findFirst();
    }

    private Alarm insert(Connection c, Alarm a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alarm (severity, state, message, last_value,"
                + " peak_value, trigger_count, updated_at, cleared_at, condition_present, ack_by, ack_at, ack_comment, unit,"
                + " source, type, raised_at, latched) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            bindMutable(ps, a);
            ps.setString(14, a.source());
            ps.setString(15, a.type());
            ps.setTimestamp(16, Timestamp.from(a.raisedAt()));
            ps.setBoolean(17, a.latched());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return a.withId(keys.getLong(1));
            }
        }
    }

    private Alarm update(Connection c, Alarm a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE alarm SET severity=?, state=?, message=?, last_value=?,"
                + " peak_value=?, trigger_count=?, updated_at=?, cleared_at=?, condition_present=?, ack_by=?, ack_at=?,"
                + " ack_comment=?, unit=? WHERE id=?")) {
            bindMutable(ps, a);
            ps.setLong(14, a.id());
            ps.executeUpdate();
            return a;
        }
    }

    /** Binds the columns a change can alter, as parameters 1 to 13. */
    private static void bindMutable(PreparedStatement ps, Alarm a) throws SQLException {
        ps.setString(1, a.severity().name());
        ps.setString(2, a.state().name());
        ps.setString(3, a.message());
        setDouble(ps, 4, a.lastValue());
        setDouble(ps, 5, a.peakValue());
        ps.setInt(6, a.count());
        ps.setTimestamp(7, Timestamp.from(a.updatedAt()));
        ps.setTimestamp(8, timestamp(a.clearedAt()));
        ps.setBoolean(9, a.conditionPresent());
        ps.setString(10, a.ack() == null ? null : a.ack().by());
        ps.setTimestamp(11, a.ack() == null ? null : Timestamp.from(a.ack().at()));
        ps.setString(12, a.ack() == null ? null : a.ack().comment());
        ps.setString(13, a.unit());
    }

    private static Timestamp timestamp(java.time.Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static java.time.Instant instant(ResultSet rs, int i) throws SQLException {
        Timestamp t = rs.getTimestamp(i);
        return t == null ? null : t.toInstant();
    }

    /** Good values of a sensor in [from, to), oldest first: a rate-of-change window after a restart. */
    List<AlarmService.Sample> goodValues(String agent, String sensor, java.time.Instant from, java.time.Instant to)
            throws SQLException {
        List<AlarmService.Sample> samples = new ArrayList<>();
        for (ReadingStore.Stored s : readings.readings(agent, sensor, from, to)) {
            if (s.reading().quality() == Quality.GOOD && s.reading().value() != null) {
                samples.add(new AlarmService.Sample(s.reading().ts(), s.reading().value()));
            }
        }
        return samples;
    }

    public List<Alarm> active() throws SQLException {
        return query("SELECT " + COLUMNS + FROM + " WHERE a.state = 'ACTIVE' ORDER BY a.id", List.of(), Integer.MAX_VALUE);
    }

    /**
     * Which alarms to list: each filter null (or false) for all. {@code sources} are the alarm
     * sources of interest (e.g. everything in one room); {@code beforeId} continues a list.
     */
    public record Query(Alarm.State state, boolean unacknowledged, Severity severity, java.util.Collection<String> sources,
                        long beforeId) {
    }

    /** Newest first. */
    public List<Alarm> list(Query q, int limit) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE a.id < ?");
        List<Object> params = new ArrayList<>(List.of(q.beforeId()));
        if (q.state() != null) {
            where.append(" AND a.state = ?");
            params.add(q.state().name());
        }
        if (q.unacknowledged()) {
            where.append(" AND a.ack_by IS NULL");
        }
        if (q.severity() != null) {
            where.append(" AND a.severity = ?");
            params.add(q.severity().name());
        }
        if (q.sources() != null) {
            if (q.sources().isEmpty()) {
                return List.of();
            }
            where.append(" AND a.source IN (").append(String.join(",", q.sources().stream().map(x -> "?").toList())).append(')');
            params.addAll(q.sources());
        }
        return query("SELECT " + COLUMNS + FROM + where + " ORDER BY a.id DESC", params, limit);
    }

    /** The occurrences that were active at some time in [from, to), oldest first: what a report covers. */
    public List<Alarm> activeBetween(java.time.Instant from, java.time.Instant to) throws SQLException {
        return query("SELECT " + COLUMNS + FROM + " WHERE a.raised_at < ? AND (a.cleared_at IS NULL OR a.cleared_at >= ?)"
                + " ORDER BY a.raised_at, a.id", List.of(Timestamp.from(to), Timestamp.from(from)), Integer.MAX_VALUE);
    }

    /** An alarm's changes, oldest first: what happened, when, and who did it. */
    public List<Change> history(long alarmId) throws SQLException {
        List<Change> changes = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT change, severity, num_value, ts, actor, comment FROM alarm_change"
                     + " WHERE alarm_id = ? ORDER BY id")) {
            ps.setLong(1, alarmId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changes.add(new Change(rs.getString(1), Severity.valueOf(rs.getString(2)), getDouble(rs, 3),
                            rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6)));
                }
            }
        }
        return changes;
    }

    /** One recorded change of an alarm; {@code actor} is null for changes the rules made. */
    public record Change(String change, Severity severity, Double value, java.time.Instant ts, String actor, String comment) {
    }

    private List<Alarm> query(String sql, List<Object> params, int limit) throws SQLException {
        List<Alarm> alarms = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Alarm.Ack ack = rs.getString(15) == null ? null
                            : new Alarm.Ack(rs.getString(15), instant(rs, 16), rs.getString(17));
                    Alarm.Shelf shelf = rs.getTimestamp(18) == null ? null
                            : new Alarm.Shelf(instant(rs, 18), rs.getString(19), rs.getString(20), instant(rs, 21));
                    alarms.add(new Alarm(rs.getLong(1), rs.getString(2), rs.getString(3),
                            Severity.valueOf(rs.getString(4)), Alarm.State.valueOf(rs.getString(5).toUpperCase(Locale.ROOT)),
                            rs.getString(6), getDouble(rs, 7), getDouble(rs, 8), rs.getString(22), rs.getInt(9), instant(rs, 10),
                            instant(rs, 11), instant(rs, 12), rs.getBoolean(13), rs.getBoolean(14), ack, shelf));
                }
            }
        }
        return alarms;
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static Double getDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

}
