package id.jaga.controller.http;

import static id.jaga.controller.http.Http.fail;
import static id.jaga.controller.http.Http.send;

import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.audit.AuditRecord;
import id.jaga.controller.audit.AuditVerifier;
import id.jaga.controller.auth.Permission;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log for auditors and security officers: verification of the whole chain, and export
 * of a time range as JSON or CSV with each record's hashes, so the range can be checked on its own.
 */
final class AuditRoutes {
    private static final int EXPORT_MAX = 100_000;
    private final AuditLog log;
    private final AuditVerifier verifier;

    AuditRoutes(AuditLog log, AuditVerifier verifier) {
        this.log = log;
        this.verifier = verifier;
    }

    void mount(Router router) {
        router.get("/api/audit/verify").blockingHandler(this::verify, false);
        router.get("/api/audit").blockingHandler(this::export, false);
    }

    private void verify(RoutingContext ctx) {
        Http.permitted(ctx, Permission.VIEW_SECURITY_LOG).ifPresent(user -> {
            try {
                send(ctx, 200, verifier.verify());
            } catch (SQLException e) {
                fail(ctx, 503, "storage-unavailable", e.getMessage());
            }
        });
    }

    private void export(RoutingContext ctx) {
        Http.permitted(ctx, Permission.VIEW_SECURITY_LOG).ifPresent(user -> {
            Instant from;
            Instant to;
            try {
                from = instant(ctx, "from");
                to = instant(ctx, "to");
            } catch (DateTimeParseException e) {
                fail(ctx, 400, "bad-parameter", "from and to are instants such as 2026-11-01T00:00:00Z", e.getParsedString());
                return;
            }
            try {
                List<AuditRecord> records = log.records(from, to, EXPORT_MAX);
                if ("csv".equals(ctx.request().getParam("format"))) {
                    ctx.response().putHeader("content-type", "text/csv; charset=utf-8")
                            .putHeader("content-disposition", "attachment; filename=\"jaga-audit.csv\"")
                            .end(csv(records));
                    return;
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("from", from);
                body.put("to", to);
                body.put("records", records);
                body.put("verification", verifier.verify());
                // With the public key, each checkpoint proves its record's hash, and the hashes prove the range.
                Map<String, Object> proof = new LinkedHashMap<>();
                proof.put("algorithm", "Ed25519 over \"seq:hash:ts\"; each record's hash is SHA-256 over its fields and prevHash");
                proof.put("publicKey", verifier.signer().publicKey());
                proof.put("checkpoints", records.isEmpty() ? List.of()
                        : verifier.signer().between(records.get(0).seq(), records.get(records.size() - 1).seq()));
                body.put("proof", proof);
                send(ctx, 200, body);
            } catch (SQLException e) {
                fail(ctx, 503, "storage-unavailable", e.getMessage());
            }
        });
    }

    private static Instant instant(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        return v == null ? null : Instant.parse(v);
    }

    static String csv(List<AuditRecord> records) {
        StringBuilder b = new StringBuilder("seq,ts,category,type,actor,subject,detail,agent_ts,prev_hash,hash\r\n");
        for (AuditRecord r : records) {
            b.append(r.seq()).append(',').append(r.ts()).append(',').append(cell(r.category())).append(',').append(cell(r.type()))
                    .append(',').append(cell(r.actor())).append(',').append(cell(r.subject())).append(',').append(cell(r.detail()))
                    .append(',').append(r.agentTs() == null ? "" : r.agentTs()).append(',').append(r.prevHash()).append(',')
                    .append(r.hash()).append("\r\n");
        }
        return b.toString();
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet does not run it as a formula. */
    private static String cell(String v) {
        if (v == null) {
            return "";
        }
        String safe = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
