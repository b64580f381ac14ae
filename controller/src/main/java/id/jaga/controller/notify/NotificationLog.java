package id.jaga.controller.notify;

import id.jaga.controller.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The notifications each channel took, in the database. */
public final class NotificationLog {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationLog.class);
    private final Database db;

    public NotificationLog(Database db) {
        this.db = db;
    }

    /** One delivered notice; a failure to record it is logged, never blocks the channel. */
    void sent(String channel, Notice notice, Instant at) {
        if (notice.event() == null) {
            return; // a failover transition: its own history records it
        }
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO notification_sent (channel, alarm_id, change,"
                     + " escalated_from, ts) VALUES (?,?,?,?,?)")) {
            ps.setString(1, channel);
            ps.setLong(2, Long.parseLong(notice.event().alarm()));
            ps.setString(3, notice.event().change());
            ps.setString(4, notice.escalatedFrom());
            ps.setTimestamp(5, Timestamp.from(at));
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.error("cannot record a notification sent on {}: {}", channel, e.getMessage());
        }
    }

    /** One notice a channel took about an alarm's change; {@code escalatedFrom} when it went on to an escalation channel. */
    public record Sent(long id, String channel, long alarm, String change, String escalatedFrom, Instant ts) {
    }

    /** Newest first, before {@code beforeId}; of one channel and one alarm when given. */
    public List<Sent> list(String channel, Long alarm, long beforeId, int limit) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT id, channel, alarm_id, change, escalated_from, ts FROM notification_sent"
                     + " WHERE id < ?" + (channel == null ? "" : " AND channel = ?") + (alarm == null ? "" : " AND alarm_id = ?")
                     + " ORDER BY id DESC")) {
            int i = 1;
            ps.setLong(i++, beforeId);
            if (channel != null) {
                ps.setString(i++, channel);
            }
            if (alarm != null) {
                ps.setLong(i, alarm);
            }
            ps.setMaxRows(limit);
            List<Sent> sent = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sent.add(new Sent(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                            rs.getTimestamp(6).toInstant()));
                }
            }
            return sent;
        }
    }

    /** What was sent about these alarms, per channel and alarm: first and last time, and whether it was escalated on. */
    Map<String, Told> told(List<Long> alarmIds) throws SQLException {
        Map<String, Told> told = new HashMap<>();
        if (alarmIds.isEmpty()) {
            return told;
        }
        String in = String.join(",", alarmIds.stream().map(id -> "?").toList());
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT channel, alarm_id, MIN(ts), MAX(ts) FROM notification_sent"
                     + " WHERE alarm_id IN (" + in + ") GROUP BY channel, alarm_id");
             PreparedStatement esc = c.prepareStatement("SELECT DISTINCT escalated_from, alarm_id FROM notification_sent"
                     + " WHERE escalated_from IS NOT NULL AND alarm_id IN (" + in + ")")) {
            for (int i = 0; i < alarmIds.size(); i++) {
                ps.setLong(i + 1, alarmIds.get(i));
                esc.setLong(i + 1, alarmIds.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    told.put(Told.key(rs.getString(1), rs.getLong(2)),
                            new Told(rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(), false));
                }
            }
            try (ResultSet rs = esc.executeQuery()) {
                while (rs.next()) {
                    String key = Told.key(rs.getString(1), rs.getLong(2));
                    Told t = told.get(key);
                    if (t != null) {
                        told.put(key, t.escalated());
                    }
                }
            }
        }
        return told;
    }

    /** When a channel was first and last told of an alarm, and whether it has been escalated past it. */
    record Told(Instant first, Instant last, boolean wasEscalated) {
        static String key(String channel, long alarmId) {
            return channel + "/" + alarmId;
        }

        Told again(Instant at) {
            return new Told(first, at, wasEscalated);
        }

        Told escalated() {
            return new Told(first, last, true);
        }
    }
}
