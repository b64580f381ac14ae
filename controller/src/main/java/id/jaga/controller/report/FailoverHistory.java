package id.jaga.controller.report;

import id.jaga.controller.green.Period;
import id.jaga.controller.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The failovers of a period from the recorded transitions: each attempt with its timeline, and the
 * time services ran at a DRC (on DRC or failing back, drills not counted).
 */
public final class FailoverHistory {
    private static final Set<String> AT_DRC = Set.of("ON_DRC", "FAILING_BACK");

    private final Database db;
    private final Clock clock;

    public FailoverHistory(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public record Step(Instant ts, String state, String drc, String decidedBy, String detail) {
    }

    public record Attempt(String attempt, String trigger, String drc, boolean drill, List<Step> timeline) {
    }

    public record Result(List<Attempt> attempts, Duration onDrc) {
    }

    public Result over(Period p) throws SQLException {
        List<Object[]> events = new ArrayList<>();
        String stateAtStart = null;
        boolean drillAtStart = false;
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT state, drill FROM failover_event WHERE ts < ? ORDER BY ts DESC, id DESC")) {
                ps.setTimestamp(1, Timestamp.from(p.from()));
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        stateAtStart = rs.getString(1);
                        drillAtStart = rs.getBoolean(2);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ts, state, trigger_id, drc, decided_by, attempt, drill, detail"
                    + " FROM failover_event WHERE ts >= ? AND ts < ? ORDER BY ts, id")) {
                ps.setTimestamp(1, Timestamp.from(p.from()));
                ps.setTimestamp(2, Timestamp.from(p.to()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new Object[] {rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getString(8)});
                    }
                }
            }
        }
        Map<String, Attempt> attempts = new LinkedHashMap<>();
        Instant end = p.to().isBefore(clock.instant()) ? p.to() : clock.instant();
        Duration onDrc = Duration.ZERO;
        Instant since = stateAtStart != null && AT_DRC.contains(stateAtStart) && !drillAtStart ? p.from() : null;
        for (Object[] e : events) {
            Instant ts = (Instant) e[0];
            String state = (String) e[1];
            boolean drill = (Boolean) e[6];
            String key = e[5] == null ? "trigger:" + e[2] + "@" + ts : (String) e[5];
            Attempt a = attempts.computeIfAbsent(key, k -> new Attempt((String) e[5], (String) e[2], (String) e[3], drill,
                    new ArrayList<>()));
            a.timeline().add(new Step(ts, state, (String) e[3], (String) e[4], (String) e[7]));
            boolean atDrc = AT_DRC.contains(state) && !drill;
            if (atDrc && since == null) {
                since = ts;
            } else if (!atDrc && since != null) {
                onDrc = onDrc.plus(Duration.between(since, ts));
                since = null;
            }
        }
        if (since != null && since.isBefore(end)) {
            onDrc = onDrc.plus(Duration.between(since, end));
        }
        List<Attempt> list = attempts.values().stream()
                .map(a -> new Attempt(a.attempt(), a.trigger(), a.timeline().stream().map(Step::drc).filter(d -> d != null)
                        .reduce((x, y) -> y).orElse(a.drc()), a.drill(), List.copyOf(a.timeline()))).toList();
        return new Result(list, onDrc);
    }
}
