package id.jaga.controller.alarm;

import id.jaga.controller.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Since when each breached threshold has held, kept in memory and in the database. */
final class PendingConditions {
    private final Database db;
    private final Map<String, Instant> since = new HashMap<>();

    PendingConditions(Database db) throws SQLException {
        this.db = db;
        try (Connection c = db.connection();
             ResultSet rs = c.createStatement().executeQuery("SELECT pending_key, since FROM threshold_pending")) {
            while (rs.next()) {
                since.put(rs.getString(1), rs.getTimestamp(2).toInstant());
            }
        }
    }

    /** The condition holds now: when did it start? */
    Instant holds(String key, Instant now) throws SQLException {
        Instant start = since.get(key);
        if (start != null) {
            return start;
        }
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO threshold_pending (pending_key, since) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.executeUpdate();
        }
        since.put(key, now);
        return now;
    }

    /** The condition no longer holds. */
    void ended(String key) throws SQLException {
        if (since.remove(key) == null) {
            return;
        }
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM threshold_pending WHERE pending_key = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }
}
