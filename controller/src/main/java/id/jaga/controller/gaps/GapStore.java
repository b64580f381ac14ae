package id.jaga.controller.gaps;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jaga.controller.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trackers' states in table {@code sequence_checkpoint}: one row per write with the agents that
 * changed, in JSON, written inside the transaction that stores a batch of messages, so what the
 * tracker knows commits with the messages it saw or not at all. One row per transaction rather
 * than one per agent: with a thousand agents, a row per agent would double the index writes of
 * ingest. Now and then a full checkpoint replaces the rows before it. Reading folds the rows,
 * keeping each agent's newest version.
 */
final class GapStore {
    /** Agents per row: keeps a row far below H2's 1,000,000 characters for an unbounded VARCHAR. */
    static final int AGENTS_PER_ROW = 100;
    /** Rows written between two full checkpoints. */
    static final int FULL_EVERY = 1000;
    /** Empty lists and absent values left out: most agents have no gap, and their state is then a few numbers. */
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_EMPTY);
    private static final TypeReference<Map<String, AgentSequence.State>> ROW = new TypeReference<>() {
    };

    private final Database db;
    private final AtomicLong lastId = new AtomicLong();
    private int sinceFull;

    GapStore(Database db) {
        this.db = db;
    }

    /** Every agent's newest saved state. */
    Map<String, AgentSequence.State> load() throws SQLException {
        Map<String, AgentSequence.State> newest = new HashMap<>();
        try (Connection c = db.connection();
             ResultSet rs = c.createStatement().executeQuery("SELECT id, agents FROM sequence_checkpoint ORDER BY id")) {
            while (rs.next()) {
                lastId.set(rs.getLong(1));
                read(rs.getString(2)).forEach((agent, state) -> newest.merge(agent, state,
                        (a, b) -> b.version() >= a.version() ? b : a));
            }
        }
        return newest;
    }

    /** True when the next write should hold every agent, so that older rows can go. */
    synchronized boolean fullDue() {
        return sinceFull >= FULL_EVERY;
    }

    /**
     * Writes states on {@code c} without committing: the caller's transaction decides. A {@code full}
     * write holds every agent, and deletes the rows before it.
     */
    synchronized void write(Connection c, Map<String, AgentSequence.State> states, boolean full) throws SQLException {
        if (states.isEmpty() && !full) {
            return;
        }
        long first = lastId.get() + 1;
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO sequence_checkpoint (id, agents, written_at) VALUES (?,?,?)")) {
            for (Map<String, AgentSequence.State> chunk : chunks(states)) {
                insert.setLong(1, lastId.incrementAndGet());
                insert.setString(2, JSON.writeValueAsString(chunk));
                insert.setTimestamp(3, now);
                insert.addBatch();
                sinceFull++;
            }
            insert.executeBatch();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode sequence state", e);
        }
        if (full) {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM sequence_checkpoint WHERE id < ?")) {
                delete.setLong(1, first);
                delete.executeUpdate();
            }
            sinceFull = 0;
        }
    }

    /** As {@link #write}, in a transaction of its own. */
    void writeAlone(Map<String, AgentSequence.State> states) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            write(c, states, false);
            c.commit();
        }
    }

    private static List<Map<String, AgentSequence.State>> chunks(Map<String, AgentSequence.State> states) {
        List<Map<String, AgentSequence.State>> chunks = new ArrayList<>();
        Map<String, AgentSequence.State> chunk = new LinkedHashMap<>();
        for (var e : states.entrySet()) {
            chunk.put(e.getKey(), e.getValue());
            if (chunk.size() == AGENTS_PER_ROW) {
                chunks.add(chunk);
                chunk = new LinkedHashMap<>();
            }
        }
        if (!chunk.isEmpty() || chunks.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private static Map<String, AgentSequence.State> read(String row) throws SQLException {
        try {
            return JSON.readValue(row, ROW);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable sequence checkpoint: " + e.getOriginalMessage(), e);
        }
    }
}
