package id.jaga.controller.audit;

import id.jaga.controller.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, tamper-evident audit log: security events, what people did with alarms,
 * failover decisions, account changes. Each record carries the previous record's hash; the head
 * is signed now and then ({@link AuditSigner}) and published, so a copy held elsewhere can prove a
 * later rewrite. Appends are serialised so the chain has one order.
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int DETAIL_MAX = 4000;

    private final Database db;
    private final Clock clock;
    private final List<Consumer<AuditRecord>> listeners = new CopyOnWriteArrayList<>();

    public AuditLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Hears every committed record, e.g. to publish security events. */
    public void onAppend(Consumer<AuditRecord> listener) {
        listeners.add(listener);
    }

    public AuditRecord append(String category, String type, String actor, String subject, String detail) throws SQLException {
        return append(category, type, actor, subject, detail, null);
    }

    /** Appends a record after the current head, in one transaction; {@code agentTs}: when an agent saw it, if one did. */
    public AuditRecord append(String category, String type, String actor, String subject, String detail, Instant agentTs)
            throws SQLException {
        return appendOnce(category, type, actor, subject, detail, agentTs, null).orElseThrow();
    }

    /**
     * As {@link #append}, but only the first time for {@code onceKey} (null: always): a message
     * delivered again is not logged twice. Empty when the key was seen before.
     */
    public synchronized Optional<AuditRecord> appendOnce(String category, String type, String actor, String subject, String detail,
                                                         Instant agentTs, String onceKey) throws SQLException {
        AuditRecord record;
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            if (onceKey != null && seen(c, onceKey)) {
                c.rollback();
                return Optional.empty();
            }
            Optional<AuditRecord> head = head(c);
            // A database failure here stays an SQLException: the caller's "storage unavailable", not a bug.
            Anchor anchor = head.isPresent() ? null : anchor(c);
            long seq = head.isPresent() ? head.get().seq() + 1 : anchor.firstSeq();
            String prev = head.isPresent() ? head.get().hash() : anchor.prevHash();
            String text = detail == null || detail.length() <= DETAIL_MAX ? detail : detail.substring(0, DETAIL_MAX - 3) + "...";
            // Microseconds: what both databases keep, so the stored record hashes as it did when written.
            Instant at = agentTs == null ? null : agentTs.truncatedTo(ChronoUnit.MICROS);
            record = new AuditRecord(seq, clock.instant().truncatedTo(ChronoUnit.MICROS), category, type, actor, subject, text,
                    at, prev, null).sealed();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_record (seq, ts, category, type, actor, subject,"
                    + " detail, agent_ts, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                ps.setLong(1, record.seq());
                ps.setTimestamp(2, Timestamp.from(record.ts()));
                ps.setString(3, category);
                ps.setString(4, type);
                ps.setString(5, actor);
                ps.setString(6, subject);
                ps.setString(7, text);
                ps.setTimestamp(8, at == null ? null : Timestamp.from(at));
                ps.setString(9, prev);
                ps.setString(10, record.hash());
                ps.executeUpdate();
            }
            c.commit();
        }
        tell(record);
        return Optional.of(record);
    }

    private static boolean seen(Connection c, String key) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM audit_once WHERE once_key = ?")) {
            q.setString(1, key);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO audit_once (once_key) VALUES (?)")) {
            ins.setString(1, key);
            ins.executeUpdate();
        }
        return false;
    }

    private void tell(AuditRecord record) {
        for (Consumer<AuditRecord> l : listeners) {
            try {
                l.accept(record);
            } catch (RuntimeException e) {
                LOG.error("audit listener failed on record {}: {}", record.seq(), e.toString());
            }
        }
    }

    /** Records oldest first, {@code from} inclusive and {@code to} exclusive (null: open). */
    public List<AuditRecord> records(Instant from, Instant to, int limit) throws SQLException {
        return records(from, to, null, 0, limit);
    }

    /** In chain order, within [from, to), of one category (null for all), after the record {@code afterSeq}. */
    public List<AuditRecord> records(Instant from, Instant to, String category, long afterSeq, int limit) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, ts, category, type, actor, subject, detail, agent_ts, prev_hash,"
                     + " hash FROM audit_record WHERE ts >= ? AND ts < ? AND seq > ?"
                     + (category == null ? "" : " AND category = ?") + " ORDER BY seq")) {
            ps.setTimestamp(1, Timestamp.from(from == null ? Instant.EPOCH : from));
            ps.setTimestamp(2, Timestamp.from(to == null ? Instant.parse("9999-01-01T00:00:00Z") : to));
            ps.setLong(3, afterSeq);
            if (category != null) {
                ps.setString(4, category);
            }
            ps.setMaxRows(limit);
            return read(ps);
        }
    }

    /** The newest records of one category, newest first, below {@code beforeSeq} (the next page). */
    public List<AuditRecord> latest(String category, long beforeSeq, int limit) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, ts, category, type, actor, subject, detail, agent_ts, prev_hash,"
                     + " hash FROM audit_record WHERE category = ? AND seq < ? ORDER BY seq DESC")) {
            ps.setString(1, category);
            ps.setLong(2, beforeSeq);
            ps.setMaxRows(limit);
            return read(ps);
        }
    }

    /** Every record in stored order (by seq), for verification. */
    List<AuditRecord> all(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, ts, category, type, actor, subject, detail, agent_ts, prev_hash,"
                + " hash FROM audit_record ORDER BY seq")) {
            return read(ps);
        }
    }

    public Optional<AuditRecord> head() throws SQLException {
        try (Connection c = db.connection()) {
            return head(c);
        }
    }

    private Optional<AuditRecord> head(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, ts, category, type, actor, subject, detail, agent_ts, prev_hash,"
                + " hash FROM audit_record ORDER BY seq DESC")) {
            ps.setMaxRows(1);
            return read(ps).stream().findFirst();
        }
    }

    /**
     * Deletes the records older than {@code before} (retention) and records that it did, with the
     * hash the chain now starts from, so what remains still verifies.
     */
    public synchronized int deleteBefore(Instant before, String actor) throws SQLException {
        long lastDeleted;
        String lastHash;
        int deleted;
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement("SELECT seq, hash FROM audit_record WHERE ts < ? ORDER BY seq DESC")) {
                q.setTimestamp(1, Timestamp.from(before));
                q.setMaxRows(1);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return 0;
                    }
                    lastDeleted = rs.getLong(1);
                    lastHash = rs.getString(2);
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM audit_record WHERE seq <= ?");
                 PreparedStatement anchor = c.prepareStatement("DELETE FROM audit_anchor");
                 PreparedStatement set = c.prepareStatement("INSERT INTO audit_anchor (id, first_seq, prev_hash) VALUES (1,?,?)")) {
                del.setLong(1, lastDeleted);
                deleted = del.executeUpdate();
                anchor.executeUpdate();
                set.setLong(1, lastDeleted + 1);
                set.setString(2, lastHash);
                set.executeUpdate();
            }
            c.commit();
        }
        append("audit", "retention-deleted", actor, null, deleted + " records up to seq " + lastDeleted + " (older than " + before
                + ") deleted; the chain now starts after hash " + lastHash);
        return deleted;
    }

    /** Where the chain starts: seq 1 after the genesis hash, or after what retention deleted. */
    Anchor anchor(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT first_seq, prev_hash FROM audit_anchor WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Anchor(rs.getLong(1), rs.getString(2)) : new Anchor(1, AuditRecord.GENESIS);
        }
    }

    record Anchor(long firstSeq, String prevHash) {
    }


    Database database() {
        return db;
    }

    private static List<AuditRecord> read(PreparedStatement ps) throws SQLException {
        List<AuditRecord> records = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp agent = rs.getTimestamp(8);
                records.add(new AuditRecord(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), agent == null ? null : agent.toInstant(),
                        rs.getString(9), rs.getString(10)));
            }
        }
        return records;
    }
}
