package id.jaga.controller.history;

import id.jaga.config.Storage;
import id.jaga.controller.ingest.ReadingStore;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.wire.Quality;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps history affordable: complete 1-minute and 1-hour buckets of good readings are aggregated
 * (min, max, average, count) once, then raw readings past {@code keepRaw} and aggregates past their
 * own keep times are deleted. Raw readings are never deleted before the hour they belong to has
 * been aggregated. Buckets are closed {@link #LAG} after they end, so an agent's short backlog still
 * lands in them; readings delivered later than that stay raw only.
 */
public final class Retention {
    static final Duration LAG = Duration.ofMinutes(10);

    enum Bucket {
        MINUTE("1m", ChronoUnit.MINUTES), HOUR("1h", ChronoUnit.HOURS);

        final String id;
        final ChronoUnit unit;

        Bucket(String id, ChronoUnit unit) {
            this.id = id;
            this.unit = unit;
        }
    }

    private final Database db;
    private final Storage storage;
    private final Clock clock;

    public Retention(Database db, Storage storage, Clock clock) {
        this.db = db;
        this.storage = storage;
        this.clock = clock;
    }

    /** One pass; returns how many rows it wrote and deleted. */
    public synchronized Summary run() throws SQLException {
        Instant now = clock.instant();
        int aggregated = 0;
        Map<Bucket, Instant> done = new LinkedHashMap<>();
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            for (Bucket b : Bucket.values()) {
                Instant until = now.minus(LAG).truncatedTo(b.unit);
                Instant from = progress(c, b).orElse(earliestReading(c, b, until));
                if (from.isBefore(until)) {
                    aggregated += aggregate(c, b, from, until);
                    setProgress(c, b, until);
                }
                done.put(b, from.isBefore(until) ? until : from);
                c.commit();
            }
            Instant rawCutoff = min(now.minus(storage.keepRaw()), done.get(Bucket.HOUR));
            // A message goes once all its readings are past the cutoff, and with it the key that recognises its redelivery.
            int deleted = delete(c, "DELETE FROM telemetry WHERE last_ts < ?", rawCutoff)
                    + delete(c, "DELETE FROM reading_aggregate WHERE bucket_size = '1m' AND bucket_start < ?", now.minus(storage.keepMinutes()))
                    + delete(c, "DELETE FROM reading_aggregate WHERE bucket_size = '1h' AND bucket_start < ?", now.minus(storage.keepHours()));
            c.commit();
            return new Summary(aggregated, deleted);
        }
    }

    private int aggregate(Connection c, Bucket b, Instant from, Instant until) throws SQLException {
        Map<String, Agg> buckets = new LinkedHashMap<>();
        ReadingStore.scan(c, from, until, r -> {
            if (r.quality() == Quality.GOOD && r.value() != null) {
                Instant start = r.ts().truncatedTo(b.unit);
                buckets.computeIfAbsent(r.sensor() + "|" + start, k -> new Agg(start)).add(r.value());
            }
        });
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reading_aggregate (sensor_id, bucket_size, bucket_start,"
                + " min_value, max_value, avg_value, samples) VALUES (?,?,?,?,?,?,?)")) {
            for (Map.Entry<String, Agg> e : buckets.entrySet()) {
                Agg a = e.getValue();
                ps.setString(1, e.getKey().substring(0, e.getKey().indexOf('|')));
                ps.setString(2, b.id);
                ps.setTimestamp(3, Timestamp.from(a.start));
                ps.setDouble(4, a.min);
                ps.setDouble(5, a.max);
                ps.setDouble(6, a.sum / a.count);
                ps.setInt(7, a.count);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return buckets.size();
    }

    private static java.util.Optional<Instant> progress(Connection c, Bucket b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT done_until FROM aggregate_progress WHERE bucket_size = ?")) {
            ps.setString(1, b.id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getTimestamp(1).toInstant()) : java.util.Optional.empty();
            }
        }
    }

    private static Instant earliestReading(Connection c, Bucket b, Instant fallback) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT MIN(first_ts) FROM telemetry")) {
            rs.next();
            Timestamp first = rs.getTimestamp(1);
            return first == null ? fallback : first.toInstant().truncatedTo(b.unit);
        }
    }

    private static void setProgress(Connection c, Bucket b, Instant until) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE aggregate_progress SET done_until = ? WHERE bucket_size = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO aggregate_progress (done_until, bucket_size) VALUES (?, ?)")) {
            for (PreparedStatement ps : new PreparedStatement[] {update, insert}) {
                ps.setTimestamp(1, Timestamp.from(until));
                ps.setString(2, b.id);
            }
            if (update.executeUpdate() == 0) {
                insert.executeUpdate();
            }
        }
    }

    private static int delete(Connection c, String sql, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(before));
            return ps.executeUpdate();
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static final class Agg {
        final Instant start;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        int count;

        Agg(Instant start) {
            this.start = start;
        }

        void add(double v) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            count++;
        }
    }

    /** Rows written as aggregates, and rows deleted, by one pass. */
    public record Summary(int aggregated, int deleted) {
    }
}
