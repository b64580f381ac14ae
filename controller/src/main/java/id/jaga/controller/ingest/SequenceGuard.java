package id.jaga.controller.ingest;

import id.jaga.controller.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns MQTT's at-least-once into exactly-once: a telemetry message whose (agent, seq) is already
 * stored (table {@code telemetry}) or on its way there is a redelivery (its acknowledgement
 * was lost, or the controller died before sending it). The check is exact rather than "at or below the newest", because after a reconnect a broker may
 * resend unacknowledged messages after newer ones. A lower boot counter than before means the
 * agent's state was wiped: its numbering restarts, and only readings since then count.
 * <p>
 * The database is asked only about a number at or below the highest admitted since the start, and
 * about every message of an agent until its first one is admitted: an agent's new messages arrive
 * in the order it numbered them (one connection, replayed in order), so once one is new, only a
 * lower number can be a redelivery. A redelivery carries the readings of its first delivery, so the
 * stored row is found by the agent, the span of those readings' times and the number.
 */
public final class SequenceGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SequenceGuard.class);
    private final Database db;
    private final Map<String, Long> boots = new HashMap<>();
    private final Map<String, Instant> resetAt = new HashMap<>();
    /** The highest sequence number admitted per agent since the start or since its numbering restarted. */
    private final Map<String, Long> highest = new HashMap<>();
    /** Admitted messages not yet committed, per agent. */
    private final Map<String, Set<Long>> inFlight = new HashMap<>();

    public SequenceGuard(Database db) throws SQLException {
        this.db = db;
        try (Connection c = db.connection();
             ResultSet rs = c.createStatement().executeQuery("SELECT agent_id, boot_seq, reset_at FROM agent_boot")) {
            while (rs.next()) {
                boots.put(rs.getString(1), rs.getLong(2));
                Timestamp reset = rs.getTimestamp(3);
                if (reset != null) {
                    resetAt.put(rs.getString(1), reset.toInstant());
                }
            }
        }
    }

    /**
     * True for a message neither stored nor on its way to storage; it is then on its way until
     * {@link #stored}. Rules judge a message before it is stored, so a redelivery must also be
     * recognised while the first copy still waits in the ingest queue. {@code earliest} and
     * {@code latest} bound the times of the message's readings, valid or not.
     */
    public synchronized boolean admit(String agent, long seq, Instant earliest, Instant latest) throws SQLException {
        Long top = highest.get(agent);
        Set<Long> waiting = inFlight.computeIfAbsent(agent, a -> new HashSet<>());
        if ((top == null || seq <= top) && (waiting.contains(seq) || isStored(agent, seq, earliest, latest))) {
            return false;
        }
        highest.put(agent, top == null ? seq : Math.max(top, seq));
        waiting.add(seq);
        return true;
    }

    /** A message admitted before is committed (or given up): the database answers for it from now on. */
    public synchronized void stored(String agent, long seq) {
        Set<Long> waiting = inFlight.get(agent);
        if (waiting != null) {
            waiting.remove(seq);
        }
    }

    /** The agent's boot counter as last announced; 0 before its first birth message. */
    public synchronized long bootOf(String agent) {
        return boots.getOrDefault(agent, 0L);
    }

    private boolean isStored(String agent, long seq, Instant earliest, Instant latest) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM telemetry WHERE agent_id = ? AND last_ts BETWEEN ? AND ?"
                     + " AND seq = ? AND received_at >= ?")) {
            ps.setString(1, agent);
            ps.setObject(2, ReadingStore.utc(earliest));
            ps.setObject(3, ReadingStore.utc(latest));
            ps.setLong(4, seq);
            ps.setTimestamp(5, Timestamp.from(resetAt.getOrDefault(agent, Instant.EPOCH)));
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** An agent announced its boot counter. */
    public synchronized void boot(String agent, long bootSeq, Instant at) throws SQLException {
        Long known = boots.get(agent);
        if (known != null && known == bootSeq) {
            return;
        }
        Instant reset = resetAt.get(agent);
        if (known != null && bootSeq < known) {
            LOG.warn("agent {} boots as {} after {}: its state was reset; its sequence numbers start again", agent, bootSeq, known);
            reset = at;
            resetAt.put(agent, at);
            highest.put(agent, -1L);
            inFlight.remove(agent); // numbers from before the reset are no longer comparable with the new ones
        }
        boots.put(agent, bootSeq);
        // Update, else insert: the same SQL on H2 and PostgreSQL.
        try (Connection c = db.connection();
             PreparedStatement update = c.prepareStatement("UPDATE agent_boot SET boot_seq = ?, updated_at = ?, reset_at = ? WHERE agent_id = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO agent_boot (boot_seq, updated_at, reset_at, agent_id) VALUES (?,?,?,?)")) {
            for (PreparedStatement ps : new PreparedStatement[] {update, insert}) {
                ps.setLong(1, bootSeq);
                ps.setTimestamp(2, Timestamp.from(at));
                ps.setTimestamp(3, reset == null ? null : Timestamp.from(reset));
                ps.setString(4, agent);
            }
            if (update.executeUpdate() == 0) {
                insert.executeUpdate();
            }
        }
    }
}
