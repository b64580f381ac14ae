package id.jaga.controller.failover;

import id.jaga.controller.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The failover state, its history, the steps of each attempt and the controllers' lease, in the database. */
public final class FailoverStore {
    /** The room for a step's output (its column holds 10000 characters). */
    static final int OUTPUT_MAX = 10_000;
    private final Database db;

    FailoverStore(Database db) {
        this.db = db;
    }

    Optional<Current> load() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT state, trigger_id, drc, decided_by, attempt, drill, since,"
                     + " condition_since, confirm_until, approval_deadline FROM failover_current WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Current(Failover.State.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3),
                    rs.getString(4), rs.getString(5), rs.getBoolean(6), instant(rs, 7), instant(rs, 8), instant(rs, 9),
                    instant(rs, 10)));
        }
    }

    /** Makes {@code next} the current state and records the transition, in one transaction. */
    void transition(Current next, Failover.State previous, String detail) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM failover_current WHERE id = 1");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO failover_current (id, state, trigger_id, drc,"
                         + " decided_by, attempt, drill, since, condition_since, confirm_until, approval_deadline)"
                         + " VALUES (1,?,?,?,?,?,?,?,?,?,?)");
                 PreparedStatement event = c.prepareStatement("INSERT INTO failover_event (state, previous, trigger_id, drc,"
                         + " decided_by, attempt, drill, detail, ts) VALUES (?,?,?,?,?,?,?,?,?)")) {
                del.executeUpdate();
                ins.setString(1, next.state().name());
                ins.setString(2, next.trigger());
                ins.setString(3, next.drc());
                ins.setString(4, next.decidedBy());
                ins.setString(5, next.attempt());
                ins.setBoolean(6, next.drill());
                ins.setTimestamp(7, Timestamp.from(next.since()));
                ins.setTimestamp(8, timestamp(next.conditionSince()));
                ins.setTimestamp(9, timestamp(next.confirmUntil()));
                ins.setTimestamp(10, timestamp(next.approvalDeadline()));
                ins.executeUpdate();
                event.setString(1, next.state().name());
                event.setString(2, previous == null ? null : previous.name());
                event.setString(3, next.trigger());
                event.setString(4, next.drc());
                event.setString(5, next.decidedBy());
                event.setString(6, next.attempt());
                event.setBoolean(7, next.drill());
                event.setString(8, detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 3997) + "...");
                event.setTimestamp(9, Timestamp.from(next.since()));
                event.executeUpdate();
            }
            c.commit();
        }
    }

    /** Transitions, newest first. */
    List<Event> history(int limit) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT state, previous, trigger_id, drc, decided_by, attempt, drill,"
                     + " detail, ts FROM failover_event ORDER BY id DESC")) {
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getBoolean(7), rs.getString(8), instant(rs, 9)));
                }
            }
        }
        return events;
    }

    /** The status of each step of an attempt's phase on one DRC that has begun: started, done or failed. */
    Map<Integer, String> steps(String attempt, String drc, String phase) throws SQLException {
        return recordedSteps(attempt, drc, phase).stream().collect(Collectors.toMap(Step::step, Step::status));
    }

    void stepStarted(String attempt, String drc, String phase, int step, String action, Instant at) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM failover_step WHERE attempt = ? AND drc = ? AND phase = ?"
                    + " AND step = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO failover_step (attempt, drc, phase, step, action, status,"
                         + " started_at) VALUES (?,?,?,?,?,'started',?)")) {
                for (PreparedStatement ps : new PreparedStatement[] {del, ins}) {
                    ps.setString(1, attempt);
                    ps.setString(2, drc);
                    ps.setString(3, phase);
                    ps.setInt(4, step);
                }
                del.executeUpdate();
                ins.setString(5, action.length() <= 400 ? action : action.substring(0, 400));
                ins.setTimestamp(6, Timestamp.from(at));
                ins.executeUpdate();
            }
            c.commit();
        }
    }

    /** {@code output}: what the step's command wrote, already cut to its first and last few KiB (or null). */
    void stepFinished(String attempt, String drc, String phase, int step, String error, String output, Instant at)
            throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE failover_step SET status = ?, error = ?, output = ?, finished_at = ?"
                     + " WHERE attempt = ? AND drc = ? AND phase = ? AND step = ?")) {
            ps.setString(1, error == null ? "done" : "failed");
            ps.setString(2, error == null || error.length() <= 1000 ? error : error.substring(0, 1000));
            ps.setString(3, output == null || output.length() <= OUTPUT_MAX ? output : output.substring(output.length() - OUTPUT_MAX));
            ps.setTimestamp(4, Timestamp.from(at));
            ps.setString(5, attempt);
            ps.setString(6, drc);
            ps.setString(7, phase);
            ps.setInt(8, step);
            ps.executeUpdate();
        }
    }

    /** A step as recorded: for resuming an attempt, a test or an inquiry after a failed attempt. */
    record Step(int step, String action, String status, String error, String output) {
    }

    /** The recorded steps of an attempt's phase on one DRC, in order. */
    List<Step> recordedSteps(String attempt, String drc, String phase) throws SQLException {
        List<Step> steps = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT step, action, status, error, output FROM failover_step"
                     + " WHERE attempt = ? AND drc = ? AND phase = ? ORDER BY step")) {
            ps.setString(1, attempt);
            ps.setString(2, drc);
            ps.setString(3, phase);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    steps.add(new Step(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return steps;
    }

    /**
     * Takes or renews the named lease for {@code holder} until {@code now + ttl}; false while another
     * holder's lease runs. A row lease works the same on H2 and PostgreSQL.
     */
    boolean lease(String name, String holder, Duration ttl, Instant now) throws SQLException {
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE controller_lease SET holder = ?, expires_at = ?"
                    + " WHERE name = ? AND (holder = ? OR expires_at < ?)")) {
                ps.setString(1, holder);
                ps.setTimestamp(2, Timestamp.from(now.plus(ttl)));
                ps.setString(3, name);
                ps.setString(4, holder);
                ps.setTimestamp(5, Timestamp.from(now));
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO controller_lease (name, holder, expires_at) VALUES (?,?,?)")) {
                ps.setString(1, name);
                ps.setString(2, holder);
                ps.setTimestamp(3, Timestamp.from(now.plus(ttl)));
                ps.executeUpdate();
                return true;
            } catch (SQLException taken) {
                return false; // the row exists and another controller holds it
            }
        }
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Instant instant(ResultSet rs, int i) throws SQLException {
        Timestamp t = rs.getTimestamp(i);
        return t == null ? null : t.toInstant();
    }

    /** One recorded transition. */
    public record Event(String state, String previous, String trigger, String drc, String decidedBy, String attempt,
                 boolean drill, String detail, Instant ts) {
    }
}
