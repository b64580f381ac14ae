package id.jaga.controller.ingest;

import id.jaga.controller.storage.Database;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Wire;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Readings in the database, one row per telemetry message: its valid readings in their wire form
 * (the bytes of their JSON),
 * and the span of their times to find them by. Ingest thus writes one row and keeps three index
 * entries per message instead of a row and an index entry per reading, which was most of its cost.
 * A batch of messages is one transaction, committed before the messages are acknowledged.
 */
public final class ReadingStore {
    private static final String COLUMNS = "id, readings";
    private final Database db;

    public ReadingStore(Database db) {
        this.db = db;
    }

    /**
     * The valid readings of one telemetry message, when the controller received it, and those
     * readings in their wire form (UTF-8 JSON): as the agent sent them when it sent no others, else
     * encoded again.
     */
    public record Message(String agent, long seq, Instant receivedAt, List<Reading> readings, byte[] wire) {
        public Message(String agent, long seq, Instant receivedAt, List<Reading> readings) {
            this(agent, seq, receivedAt, readings, Wire.encode(readings));
        }
    }

    /**
     * A reading as stored: {@code id} orders readings of one instant and names each one; it is the
     * message's row id times {@link Telemetry#MAX_READINGS} plus the reading's place in the message.
     */
    public record Stored(long id, Reading reading) {
    }

    /** Stores the messages in one transaction; (agent, span of reading times, seq) recognises a redelivery. */
    public void insert(List<Message> messages) throws SQLException {
        insert(messages, null);
    }

    /** More work for the transaction that stores a batch: it commits with the messages or not at all. */
    @FunctionalInterface
    public interface InTransaction {
        void run(Connection c) throws SQLException;
    }

    /** As {@link #insert(List)}, with {@code also} (when not null) done in the same transaction before its commit. */
    public void insert(List<Message> messages, InTransaction also) throws SQLException {
        if (messages.isEmpty() && also == null) {
            return;
        }
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO telemetry (agent_id, seq, received_at, first_ts, last_ts,"
                     + " reading_count, readings) VALUES (?,?,?,?,?,?,?)")) {
            c.setAutoCommit(false);
            for (Message m : messages) {
                Instant first = m.readings().isEmpty() ? m.receivedAt() : m.readings().get(0).ts();
                Instant last = first;
                for (Reading r : m.readings()) {
                    first = r.ts().isBefore(first) ? r.ts() : first;
                    last = r.ts().isAfter(last) ? r.ts() : last;
                }
                ps.setString(1, m.agent());
                ps.setLong(2, m.seq());
                ps.setObject(3, utc(m.receivedAt()));
                ps.setObject(4, utc(first));
                ps.setObject(5, utc(last));
                ps.setInt(6, m.readings().size());
                ps.setBytes(7, m.wire());
                ps.addBatch();
            }
            if (!messages.isEmpty()) {
                ps.executeBatch();
            }
            if (also != null) {
                also.run(c);
            }
            c.commit();
        }
    }

    /** A sensor's readings with times in [from, to), sent by {@code agent}, ordered by time and id. */
    public List<Stored> readings(String agent, String sensor, Instant from, Instant to) throws SQLException {
        List<Stored> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM telemetry WHERE agent_id = ?"
                     + " AND last_ts >= ? AND first_ts < ?")) {
            ps.setString(1, agent);
            ps.setObject(2, utc(from));
            ps.setObject(3, utc(to));
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Reading[] readings = decode(rs.getBytes(2));
                    for (int i = 0; i < readings.length; i++) {
                        Reading r = readings[i];
                        if (r.sensor().equals(sensor) && !r.ts().isBefore(from) && r.ts().isBefore(to)) {
                            out.add(new Stored(rs.getLong(1) * Telemetry.MAX_READINGS + i, r));
                        }
                    }
                }
            }
        }
        out.sort(Comparator.comparing((Stored s) -> s.reading().ts()).thenComparingLong(Stored::id));
        return out;
    }

    /** Hears the readings of every agent with times in [from, to), message by message. */
    @FunctionalInterface
    public interface ReadingSink {
        void accept(Reading reading);
    }

    /** Every reading with a time in [from, to), in the order stored, on the caller's connection. */
    public static void scan(Connection c, Instant from, Instant to, ReadingSink sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT readings FROM telemetry WHERE last_ts >= ? AND first_ts < ?")) {
            ps.setObject(1, utc(from));
            ps.setObject(2, utc(to));
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (Reading r : decode(rs.getBytes(1))) {
                        if (!r.ts().isBefore(from) && r.ts().isBefore(to)) {
                            sink.accept(r);
                        }
                    }
                }
            }
        }
    }

    /**
     * The newest stored reading of each sensor, to answer the API right after a restart: each
     * agent's messages are read newest first until every one of its sensors has been found.
     */
    public List<Reading> latestPerSensor(Map<String, ? extends Collection<String>> sensorsByAgent) throws SQLException {
        Map<String, Reading> latest = new LinkedHashMap<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT readings FROM telemetry WHERE agent_id = ? ORDER BY last_ts DESC, id DESC")) {
            for (var agent : sensorsByAgent.entrySet()) {
                Set<String> missing = new HashSet<>(agent.getValue());
                ps.setString(1, agent.getKey());
                ps.setFetchSize(50);
                try (ResultSet rs = ps.executeQuery()) {
                    while (!missing.isEmpty() && rs.next()) {
                        for (Reading r : decode(rs.getBytes(1))) {
                            Reading known = latest.get(r.sensor());
                            if (known == null || r.ts().isAfter(known.ts())) {
                                latest.put(r.sensor(), r);
                            }
                            missing.remove(r.sensor());
                        }
                    }
                }
            }
        }
        return List.copyOf(latest.values());
    }

    private static Reading[] decode(byte[] readings) {
        return Wire.decode(readings, Reading[].class);
    }

    /**
     * A time as the JDBC type of a TIMESTAMP WITH TIME ZONE: H2 stores it as it is, where a Timestamp
     * goes through the JVM's zone. Cut to the microsecond the column keeps, so that a time an agent's
     * clock gave in nanoseconds finds, as a bound, the row it was stored in: a redelivery after a
     * restart is otherwise not recognised, and stored twice.
     */
    static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }
}
