package db.migration;

import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Wire;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Moves the readings stored a row each (V1) into one row per telemetry message (V12), keeps the
 * keys of messages whose readings were all rejected, then drops the old tables. In Java because
 * building the JSON of a message is spelt differently in H2 and PostgreSQL.
 */
public class V13__readings_into_messages extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (Statement read = c.createStatement();
             PreparedStatement insert = c.prepareStatement("INSERT INTO telemetry (agent_id, seq, received_at, first_ts, last_ts,"
                     + " reading_count, readings) VALUES (?,?,?,?,?,?,?)")) {
            read.setFetchSize(1000);
            try (ResultSet rs = read.executeQuery("SELECT agent_id, seq, received_at, sensor_id, num_value, text_value, unit,"
                    + " quality, reason, ts FROM reading ORDER BY agent_id, received_at, seq, id")) {
                Message m = null;
                while (rs.next()) {
                    String agent = rs.getString(1);
                    long seq = rs.getLong(2);
                    OffsetDateTime receivedAt = rs.getObject(3, OffsetDateTime.class);
                    if (m == null || !m.is(agent, seq, receivedAt)) {
                        add(insert, m);
                        m = new Message(agent, seq, receivedAt);
                    }
                    double v = rs.getDouble(5);
                    Double value = rs.wasNull() ? null : v;
                    m.readings.add(new Reading(rs.getString(4), value, rs.getString(6), rs.getString(7),
                            Quality.valueOf(rs.getString(8).toUpperCase(Locale.ROOT)), rs.getString(9),
                            rs.getObject(10, OffsetDateTime.class).toInstant()));
                }
                add(insert, m);
            }
            insert.executeBatch();
            read.executeUpdate("INSERT INTO telemetry (agent_id, seq, received_at, first_ts, last_ts, reading_count, readings)"
                    + " SELECT agent_id, seq, received_at, received_at, received_at, 0, '[]' FROM telemetry_message k"
                    + " WHERE NOT EXISTS (SELECT 1 FROM telemetry t WHERE t.agent_id = k.agent_id AND t.seq = k.seq"
                    + " AND t.received_at = k.received_at)");
            read.execute("DROP TABLE reading");
            read.execute("DROP TABLE telemetry_message");
        }
    }

    private int pending;

    private void add(PreparedStatement insert, Message m) throws SQLException {
        if (m == null) {
            return;
        }
        OffsetDateTime first = null;
        OffsetDateTime last = null;
        for (Reading r : m.readings) {
            OffsetDateTime t = r.ts().atOffset(java.time.ZoneOffset.UTC);
            first = first == null || t.isBefore(first) ? t : first;
            last = last == null || t.isAfter(last) ? t : last;
        }
        insert.setString(1, m.agent);
        insert.setLong(2, m.seq);
        insert.setObject(3, m.receivedAt);
        insert.setObject(4, first);
        insert.setObject(5, last);
        insert.setInt(6, m.readings.size());
        insert.setString(7, Wire.encodeToString(m.readings));
        insert.addBatch();
        if (++pending % 500 == 0) {
            insert.executeBatch();
        }
    }

    private static final class Message {
        final String agent;
        final long seq;
        final OffsetDateTime receivedAt;
        final List<Reading> readings = new ArrayList<>();

        Message(String agent, long seq, OffsetDateTime receivedAt) {
            this.agent = agent;
            this.seq = seq;
            this.receivedAt = receivedAt;
        }

        boolean is(String agent, long seq, OffsetDateTime receivedAt) {
            return this.agent.equals(agent) && this.seq == seq && this.receivedAt.isEqual(receivedAt);
        }
    }
}
