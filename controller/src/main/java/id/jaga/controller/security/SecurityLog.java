package id.jaga.controller.security;

import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.audit.AuditRecord;
import id.jaga.sensors.wire.AgentEvent;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The physical security side of the audit log: every door, access, lock and tamper event an agent
 * reports becomes one record, once, with the door (where the sensor belongs to one), the person if
 * known, and the times at the agent and at the controller. Redeliveries are recognised by the
 * agent's boot and sequence number. Badge reads are not logged here: the access decision is.
 */
public final class SecurityLog {
    /** The event types that are security events; door-* covers opened and closed. */
    private static final Set<String> PREFIXES = Set.of("door-", "access-", "lock-", "tamper", "exit-request");
    /** Never written anywhere, even if an agent sends it along. */
    private static final Set<String> SECRET = Set.of("pin");
    public static final String CATEGORY = "security";

    private final AuditLog audit;
    private final BiFunction<String, String, Optional<String>> doorOf;

    /** {@code doorOf}: the door that an agent's sensor or reader belongs to, if any. */
    public SecurityLog(AuditLog audit, BiFunction<String, String, Optional<String>> doorOf) {
        this.audit = audit;
        this.doorOf = doorOf;
    }

    public static boolean isSecurityEvent(String type) {
        return PREFIXES.stream().anyMatch(type::startsWith);
    }

    /** Logs the event unless it was logged before; empty for a repeat. */
    public Optional<AuditRecord> record(String agent, long boot, AgentEvent event) throws SQLException {
        Map<String, String> data = new TreeMap<>(event.data());
        data.keySet().removeAll(SECRET);
        String person = data.remove("person");
        if (person == null && data.containsKey("badge")) {
            person = "badge:" + data.get("badge");
        }
        String subject = event.sensor();
        Optional<String> door = subject == null ? Optional.empty() : doorOf.apply(agent, subject);
        if (door.isPresent()) {
            data.remove("door");
            data.put("sensor", subject);
            subject = door.get();
        }
        String detail = "agent " + agent + (data.isEmpty() ? "" : ", " + data.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        return audit.appendOnce(CATEGORY, event.type(), person, subject, detail, event.ts(),
                "event:" + agent + ":" + boot + ":" + event.seq());
    }
}
