package id.jaga.controller.alarm;

import id.jaga.config.Severity;
import id.jaga.controller.storage.Database;
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
    private static final String COLUMNS = "id, source, type, severity, state, message, last_value, peak_value,"
            + " trigger_count, raised_at, updated_at, cleared_at";
    private final Database db;

    public AlarmStore(Database db) {
        this.db = db;
    }

    Database database() {
        return db;
    }

    /** Saves a new alarm (id 0) or an update of an existing one, with the change it represents. */
    public Alarm save(Alarm alarm, String change) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            Alarm saved = alarm.id() == 0 ? insert(c, alarm) : update(c, alarm);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO alarm_change (alarm_id, change, severity, num_value, ts) VALUES (?,?,?,?,?)")) {
                ps.setLong(1, saved.id());
                ps.setString(2, change);
                ps.setString(3, saved.severity().name());
                setDouble(ps, 4, saved.lastValue());
                ps.setTimestamp(5, Timestamp.from(saved.updatedAt()));
                ps.executeUpdate();
            }
            c.commit();
            return saved;
        }
    }

    private Alarm insert(Connection c, Alarm a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alarm (source, type, severity, state, message,"
                + " last_value, peak_value, trigger_count, raised_at, updated_at, cleared_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, a.source());
            ps.setString(2, a.type());
            bindMutable(ps, 3, a);
            ps.setTimestamp(9, Timestamp.from(a.raisedAt()));
            ps.setTimestamp(10, Timestamp.from(a.updatedAt()));
            ps.setTimestamp(11, a.clearedAt() == null ? null : Timestamp.from(a.clearedAt()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return a.withId(keys.getLong(1));
            }
        }
    }

    private Alarm update(Connection c, Alarm a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE alarm SET severity=?, state=?, message=?, last_value=?,"
                + " peak_value=?, trigger_count=?, updated_at=?, cleared_at=? WHERE id=?")) {
            bindMutable(ps, 1, a);
            ps.setTimestamp(7, Timestamp.from(a.updatedAt()));
            ps.setTimestamp(8, a.clearedAt() == null ? null : Timestamp.from(a.clearedAt()));
            ps.setLong(9, a.id());
            ps.executeUpdate();
            return a;
        }
    }

    private static void bindMutable(PreparedStatement ps, int at, Alarm a) throws SQLException {
        ps.setString(at, a.severity().name());
        ps.setString(at + 1, a.state().name());
        ps.setString(at + 2, a.message());
        setDouble(ps, at + 3, a.lastValue());
        setDouble(ps, at + 4, a.peakValue());
        ps.setInt(at + 5, a.count());
    }

    /** Good values of a sensor since a time, oldest first: a rate-of-change window after a restart. */
    List<AlarmService.Sample> goodValuesSince(String sensor, java.time.Instant since) throws SQLException {
        List<AlarmService.Sample> samples = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT ts, num_value FROM reading WHERE sensor_id = ? AND ts >= ?"
                     + " AND quality = 'good' AND num_value IS NOT NULL ORDER BY ts")) {
            ps.setString(1, sensor);
            ps.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    samples.add(new AlarmService.Sample(rs.getTimestamp(1).toInstant(), rs.getDouble(2)));
                }
            }
        }
        return samples;
    }

    public List<Alarm> active() throws SQLException {
        return query("SELECT " + COLUMNS + " FROM alarm WHERE state = 'ACTIVE' ORDER BY id", null, Integer.MAX_VALUE);
    }

    /** Newest first; {@code state} null for all. */
    public List<Alarm> list(Alarm.State state, int limit) throws SQLException {
        return state == null
                ? query("SELECT " + COLUMNS + " FROM alarm ORDER BY id DESC", null, limit)
                : query("SELECT " + COLUMNS + " FROM alarm WHERE state = ? ORDER BY id DESC", state.name(), limit);
    }

    private List<Alarm> query(String sql, String param, int limit) throws SQLException {
        List<Alarm> alarms = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    alarms.add(new Alarm(rs.getLong(1), rs.getString(2), rs.getString(3),
                            Severity.valueOf(rs.getString(4)), Alarm.State.valueOf(rs.getString(5).toUpperCase(Locale.ROOT)),
                            rs.getString(6), getDouble(rs, 7), getDouble(rs, 8), rs.getInt(9),
                            rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant(),
                            rs.getTimestamp(12) == null ? null : rs.getTimestamp(12).toInstant()));
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
