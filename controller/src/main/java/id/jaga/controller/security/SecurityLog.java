package id.jaga.controller.security;

import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.audit.AuditRecord;
import id.jaga.sensors.wire.AgentEvent;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The physical security side of the audit log: every door, badge, lock and tamper event an agent
 * reports becomes one record, once, with the door, the person if known, and the times at the
 * agent and at the controller. Redeliveries are recognised by the agent's boot and sequence number.
 */
public final class SecurityLog {
    /** The event types that are security events; door-* covers opened, closed, held-open and forced. */
    private static final Set<String> PREFIXES = Set.of("door-", "badge", "access-", "lock-", "tamper", "exit-request");
    public static final String CATEGORY = "security";

    private final AuditLog audit;

    public SecurityLog(AuditLog audit) {
        this.audit = audit;
    }

    public static boolean isSecurityEvent(String type) {
        return PREFIXES.stream().anyMatch(type::startsWith);
    }

    /** Logs the event unless it was logged before; empty for a repeat. */
    public Optional<AuditRecord> record(String agent, long boot, AgentEvent event) throws SQLException {
        Map<String, String> data = new TreeMap<>(event.data());
        String person = data.remove("person");
        if (person == null && data.containsKey("badge")) {
            person = "badge:" + data.get("badge");
        }
        String detail = "agent " + agent + (data.isEmpty() ? "" : ", " + data.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        return audit.appendOnce(CATEGORY, event.type(), person, event.sensor(), detail, event.ts(),
                "event:" + agent + ":" + boot + ":" + event.seq());
    }
}
