package id.jaga.controller.ingest;

import id.jaga.controller.storage.Database;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Readings in the database: one transaction per batch of messages, committed before the messages are acknowledged. */
public final class ReadingStore {
    private final Database db;

    public ReadingStore(Database db) {
        this.db = db;
    }

    /** One reading of a telemetry message: the agent and message it came in. */
    public record Row(String agent, long seq, Reading reading) {
    }

    public void insert(List<Row> rows, Instant receivedAt) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO reading (sensor_id, agent_id, seq, ts, received_at,"
                     + " num_value, text_value, unit, quality, reason) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            c.setAutoCommit(false);
            for (Row row : rows) {
                Reading r = row.reading();
                ps.setString(1, r.sensor());
                ps.setString(2, row.agent());
                ps.setLong(3, row.seq());
                ps.setTimestamp(4, Timestamp.from(r.ts()));
                ps.setTimestamp(5, Timestamp.from(receivedAt));
                if (r.value() == null) {
                    ps.setNull(6, Types.DOUBLE);
                } else {
                    ps.setDouble(6, r.value());
                }
                ps.setString(7, r.text());
                ps.setString(8, r.unit());
                ps.setString(9, r.quality().wire());
                ps.setString(10, r.reason());
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
    }

    /** The newest reading of every sensor, to answer the API right after a restart. */
    public List<Reading> latestPerSensor() throws SQLException {
        List<Reading> latest = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT r.sensor_id, r.num_value, r.text_value, r.unit, r.quality,"
                     + " r.reason, r.ts FROM reading r JOIN (SELECT sensor_id, MAX(id) AS id FROM reading GROUP BY sensor_id) m"
                     + " ON r.id = m.id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double v = rs.getDouble(2);
                Double value = rs.wasNull() ? null : v;
                latest.add(new Reading(rs.getString(1), value, rs.getString(3), rs.getString(4),
                        Quality.valueOf(rs.getString(5).toUpperCase(java.util.Locale.ROOT)), rs.getString(6),
                        rs.getTimestamp(7).toInstant()));
            }
        }
        return latest;
    }
}
