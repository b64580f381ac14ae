package id.jaga.controller.http;

import static id.jaga.controller.http.Http.send;

import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.audit.AuditRecord;
import id.jaga.controller.audit.AuditVerifier;
import id.jaga.controller.auth.Permission;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
                Http.unavailable(ctx, e);
            }
        });
    }

    private void export(RoutingContext ctx) {
        Http.permitted(ctx, Permission.VIEW_SECURITY_LOG).ifPresent(user -> {
            Optional<Instant> from = Http.instant(ctx, "from", Instant.EPOCH);
            Optional<Instant> to = from.isEmpty() ? Optional.empty() : Http.instant(ctx, "to", Instant.parse("9999-01-01T00:00:00Z"));
            if (to.isEmpty()) {
                return;
            }
            exportRange(ctx, from.get(), to.get());
        });
    }

    private void exportRange(RoutingContext ctx, Instant from, Instant to) {
        if ("csv".equals(ctx.request().getParam("format"))) {
            csv(ctx, from, to);
            return;
        }
        String category = ctx.request().getParam("category");
        Page.of(ctx, 100).ifPresent(page -> page.afterNumber(ctx, 0).ifPresent(after -> {
            try {
                List<AuditRecord> records = log.records(from, to, category, after, page.limit() + 1);
                List<AuditRecord> shown = records.subList(0, Math.min(page.limit(), records.size()));
                // With the public key, each checkpoint proves its record's hash, and the hashes prove the page.
                Map<String, Object> proof = new LinkedHashMap<>();
                proof.put("algorithm", "Ed25519 over \"seq:hash:ts\"; each record's hash is SHA-256 over its fields and prevHash");
                proof.put("publicKey", verifier.signer().publicKey());
                proof.put("checkpoints", shown.isEmpty() ? List.of()
                        : verifier.signer().between(shown.get(0).seq(), shown.get(shown.size() - 1).seq()));
                page.send(ctx, records, r -> Long.toString(r.seq()), r -> r, Map.of("proof", proof));
            } catch (SQLException e) {
                Http.unavailable(ctx, e);
            }
        }));
    }

    /** The whole range at once, for a spreadsheet or an auditor's archive. */
    private void csv(RoutingContext ctx, Instant from, Instant to) {
        try {
            List<AuditRecord> records = log.records(from, to, EXPORT_MAX);
            ctx.response().putHeader("content-type", "text/csv; charset=utf-8")
                    .putHeader("content-disposition", "attachment; filename=\"jaga-audit.csv\"")
                    .end(csv(records));
        } catch (SQLException e) {
            Http.unavailable(ctx, e);
        }
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
