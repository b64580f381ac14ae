package id.jaga.controller.report;

import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.audit.AuditRecord;
import id.jaga.controller.green.Period;
import id.jaga.controller.security.SecurityLog;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Door access in a period, from the security log: how many of each event (granted, denied, forced...) per door. */
public final class DoorStatistics {
    private static final int MAX_RECORDS = 1_000_000;

    private final AuditLog audit;

    public DoorStatistics(AuditLog audit) {
        this.audit = audit;
    }

    /** Door (or the reader or sensor when no door is known) -> event type -> count, both sorted. */
    public record Result(Map<String, Map<String, Integer>> byDoor) {
    }

    public Result over(Period p) throws SQLException {
        Map<String, Map<String, Integer>> byDoor = new TreeMap<>();
        List<AuditRecord> records = audit.records(p.from(), p.to(), MAX_RECORDS);
        for (AuditRecord r : records) {
            if (SecurityLog.CATEGORY.equals(r.category()) && r.subject() != null) {
                byDoor.computeIfAbsent(r.subject(), k -> new TreeMap<>()).merge(r.type(), 1, Integer::sum);
            }
        }
        return new Result(byDoor);
    }
}
