package id.jaga.controller.ingest;

import id.jaga.controller.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns MQTT's at-least-once into exactly-once: an agent's messages arrive in sequence order, so
 * one at or below the newest stored is a redelivery (a message whose acknowledgement was lost).
 * A lower boot counter than before means the agent's state was wiped and its numbering restarts.
 */
public final class SequenceGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SequenceGuard.class);
    private final Database db;
    private final Map<String, Long> newest = new HashMap<>();
    private final Map<String, Long> boots = new HashMap<>();

    public SequenceGuard(Database db) throws SQLException {
        this.db = db;
        try (Connection c = db.connection()) {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT agent_id, MAX(seq) FROM reading GROUP BY agent_id")) {
                while (rs.next()) {
                    newest.put(rs.getString(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT agent_id, boot_seq FROM agent_boot")) {
                while (rs.next()) {
                    boots.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
    }

    /** True for a message not seen before; it becomes the newest. */
    public synchronized boolean isNew(String agent, long seq) {
        return seq > newest.getOrDefault(agent, -1L);
    }

    public synchronized void accepted(String agent, long seq) {
        newest.merge(agent, seq, Math::max);
    }

    /** An agent announced its boot counter. */
    public synchronized void boot(String agent, long bootSeq, Instant at) throws SQLException {
        Long known = boots.get(agent);
        if (known != null && known == bootSeq) {
            return;
        }
        if (known != null && bootSeq < known) {
            LOG.warn("agent {} boots as {} after {}: its state was reset; its sequence numbers start again", agent, bootSeq, known);
            newest.remove(agent);
        }
        boots.put(agent, bootSeq);
        // Update, else insert: the same SQL on H2 and PostgreSQL.
        try (Connection c = db.connection();
             PreparedStatement update = c.prepareStatement("UPDATE agent_boot SET boot_seq = ?, updated_at = ? WHERE agent_id = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO agent_boot (boot_seq, updated_at, agent_id) VALUES (?,?,?)")) {
            for (PreparedStatement ps : new PreparedStatement[] {update, insert}) {
                ps.setLong(1, bootSeq);
                ps.setTimestamp(2, Timestamp.from(at));
                ps.setString(3, agent);
            }
            if (update.executeUpdate() == 0) {
                insert.executeUpdate();
            }
        }
    }
}
