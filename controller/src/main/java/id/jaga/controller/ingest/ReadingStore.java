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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Readings in the database: one transaction per batch of messages, committed before the messages are acknowledged. */
public final class ReadingStore {
    private final Database db;

    public ReadingStore(Database db) {
        this.db = db;
    }

    /** The valid readings of one telemetry message, and when the controller received it. */
    public record Message(String agent, long seq, Instant receivedAt, List<Reading> readings) {
    }

    /**
     * Stores the messages in one transaction: a row per reading, and the message's (agent, seq)
     * once, by which a redelivery is recognised.
     */
    public void insert(List<Message> messages) throws SQLException {
        if (messages.isEmpty()) {
            return;
        }
        try (Connection c = db.connection();
             PreparedStatement keys = c.prepareStatement("INSERT INTO telemetry_message (agent_id, seq, received_at) VALUES (?,?,?)");
             PreparedStatement ps = c.prepareStatement("INSERT INTO reading (sensor_id, agent_id, seq, ts, received_at,"
                     + " num_value, text_value, unit, quality, reason) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            c.setAutoCommit(false);
            for (Message m : messages) {
                OffsetDateTime receivedAt = utc(m.receivedAt());
                keys.setString(1, m.agent());
                keys.setLong(2, m.seq());
                keys.setObject(3, receivedAt);
                keys.addBatch();
                for (Reading r : m.readings()) {
                    ps.setString(1, r.sensor());
                    ps.setString(2, m.agent());
                    ps.setLong(3, m.seq());
                    ps.setObject(4, utc(r.ts()));
                    ps.setObject(5, receivedAt);
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
            }
            keys.executeBatch();
            ps.executeBatch();
            c.commit();
        }
    }

    /** A time as the JDBC type of a TIMESTAMP WITH TIME ZONE: H2 stores it as it is, where a Timestamp goes through the JVM's zone. */
    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
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
