package id.jaga.controller.history;

import id.jaga.controller.ingest.ReadingStore;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.wire.Reading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A sensor's history for charts: the readings as received (kept {@code storage.keepRaw}), or the
 * 1-minute and 1-hour buckets {@link Retention} aggregates from them (kept much longer), oldest first.
 */
public final class ReadingHistory {
    private final Database db;
    private final ReadingStore readings;

    public ReadingHistory(Database db) {
        this.db = db;
        this.readings = new ReadingStore(db);
    }

    /** One reading as received; {@code value} or {@code text}, and why a bad one is bad. */
    public record Raw(long id, Instant ts, Double value, String text, String quality, String reason) {
    }

    /** A complete bucket of good readings starting at {@code start}. */
    public record Bucket(Instant start, double min, double max, double avg, int samples) {
    }

    /**
     * Readings of a sensor sent by its agent in [from, to), after the reading at {@code afterTs} with
     * id {@code afterId} (both null at the start). The window is read whole and the page cut from
     * it: raw history is for spans of hours, longer ones are read as buckets.
     */
    public List<Raw> raw(String agent, String sensor, Instant from, Instant to, Instant afterTs, long afterId, int limit)
            throws SQLException {
        Instant after = afterTs == null || afterTs.isBefore(from) ? from : afterTs;
        List<Raw> out = new ArrayList<>();
        for (ReadingStore.Stored s : readings.readings(agent, sensor, after, to)) {
            Reading r = s.reading();
            if (afterTs != null && r.ts().equals(afterTs) && s.id() <= afterId) {
                continue;
            }
            out.add(new Raw(s.id(), r.ts(), r.value(), r.text(), r.quality().wire(), r.reason()));
            if (out.size() == limit) {
                break;
            }
        }
        return out;
    }

    /** Buckets of one size ({@code 1m}, {@code 1h}) starting in [from, to), after the one starting at {@code afterStart}. */
    public List<Bucket> buckets(String sensor, String size, Instant from, Instant to, Instant afterStart, int limit)
            throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT bucket_start, min_value, max_value, avg_value, samples"
                     + " FROM reading_aggregate WHERE sensor_id = ? AND bucket_size = ? AND bucket_start >= ? AND bucket_start < ?"
                     + " AND bucket_start > ? ORDER BY bucket_start")) {
            ps.setString(1, sensor);
            ps.setString(2, size);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            ps.setTimestamp(5, Timestamp.from(afterStart == null ? Instant.EPOCH.minusSeconds(1) : afterStart));
            ps.setMaxRows(limit);
            List<Bucket> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Bucket(rs.getTimestamp(1).toInstant(), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getInt(5)));
                }
            }
            return out;
        }
    }
}
