package id.jaga.controller.http;

import static id.jaga.controller.http.Http.body;
import static id.jaga.controller.http.Http.fail;
import static id.jaga.controller.http.Http.send;
import static id.jaga.controller.http.Http.text;

import id.jaga.config.Door;
import id.jaga.controller.access.AccessControl;
import id.jaga.controller.access.Snapshots;
import id.jaga.controller.access.UnlockRefused;
import id.jaga.controller.auth.Permission;
import id.jaga.controller.auth.User;
import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.audit.AuditRecord;
import id.jaga.controller.security.SecurityLog;
import id.jaga.sensors.wire.CommandResult;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Doors: their state for everyone, remote unlock for the roles the site file names; the security
 * log (door events with their camera stills) for its readers.
 */
final class DoorRoutes {
    private final AccessControl access;
    private final Snapshots snapshots;
    private final AuditLog audit;

    DoorRoutes(AccessControl access, Snapshots snapshots, AuditLog audit) {
        this.access = access;
        this.snapshots = snapshots;
        this.audit = audit;
    }

    void mount(Router router) {
        router.get("/api/doors").handler(this::list);
        router.post("/api/doors/:id/unlock").blockingHandler(this::unlock, false);
        router.get("/api/security/events").blockingHandler(this::events, false);
        router.get("/api/security/snapshots").blockingHandler(this::snapshots, false);
        router.get("/api/security/snapshots/:id/image").blockingHandler(this::image, false);
    }

    private void list(RoutingContext ctx) {
        Http.permitted(ctx, Permission.VIEW).ifPresent(user -> send(ctx, 200, Map.of("doors",
                access.access().doors().stream().map(d -> door(d, user)).toList())));
    }

    private Map<String, Object> door(Door d, User user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("name", d.name());
        m.put("room", d.room());
        m.put("agent", d.agent());
        m.put("state", state(access, d));
        m.put("mayUnlock", d.remoteUnlock().contains(user.role().wire()));
        return m;
    }

    static String state(AccessControl access, Door d) {
        Boolean open = access.doors().isOpen(d.id());
        return open == null ? "unknown" : open ? "open" : "closed";
    }

    private void unlock(RoutingContext ctx) {
        Http.permitted(ctx, Permission.VIEW).ifPresent(user -> body(ctx).ifPresent(body -> {
            try {
                CommandResult r = access.remoteUnlock(user, ctx.pathParam("id"), text(body, "reason"), Http.address(ctx)).get();
                Map<String, Object> m = new LinkedHashMap<>();
                if (!"done".equals(r.result())) { // an error like any other, with what the agent said
                    m.put("code", "unlock-" + r.result());
                    m.put("message", "the agent did not unlock: " + r.result() + (r.reason() == null ? "" : " (" + r.reason() + ")"));
                }
                m.put("door", ctx.pathParam("id"));
                m.put("command", r.id());
                m.put("result", r.result());
                m.put("reason", r.reason());
                send(ctx, switch (r.result()) {
                    case "done" -> 200;
                    case "timed-out" -> 504;
                    default -> 502;
                }, m);
            } catch (UnlockRefused e) {
                fail(ctx, e.status(), e.code(), e.getMessage(), e.status() == 400 ? "reason" : null);
            } catch (SQLException e) {
                Http.unavailable(ctx, e); // not unlocked: what cannot be logged is not done
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(ctx, 503, "interrupted", "the controller is stopping");
            } catch (ExecutionException e) {
                ctx.fail(e.getCause());
            }
        }));
    }

    /** The security log, newest first, paged back in time; each record with the stills taken for it. */
    private void events(RoutingContext ctx) {
        Http.permitted(ctx, Permission.VIEW_SECURITY_LOG).ifPresent(user -> Page.of(ctx, 100).ifPresent(page ->
                page.afterNumber(ctx, Long.MAX_VALUE).ifPresent(before -> {
                    try {
                        List<AuditRecord> records = audit.latest(SecurityLog.CATEGORY, before, page.limit() + 1);
                        Map<Long, List<Snapshots.Snapshot>> stills = records.isEmpty() ? Map.of()
                                : snapshots.forRecords(records.get(records.size() - 1).seq(), records.get(0).seq()).stream()
                                        .collect(Collectors.groupingBy(Snapshots.Snapshot::auditSeq));
                        page.send(ctx, records, r -> Long.toString(r.seq()), r -> event(r, stills.getOrDefault(r.seq(), List.of())));
                    } catch (SQLException e) {
                        Http.unavailable(ctx, e);
                    }
                })));
    }

    private static Map<String, Object> event(AuditRecord r, List<Snapshots.Snapshot> stills) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", r.seq());
        m.put("ts", r.ts());
        m.put("type", r.type());
        m.put("actor", r.actor());
        m.put("subject", r.subject());
        m.put("detail", r.detail());
        m.put("agentTs", r.agentTs());
        m.put("snapshots", stills);
        return m;
    }

    private void snapshots(RoutingContext ctx) {
        Http.permitted(ctx, Permission.VIEW_SECURITY_LOG).ifPresent(user -> {
            String record = ctx.request().getParam("record");
            if (record != null && !record.matches("\\d{1,18}")) {
                fail(ctx, 400, "bad-parameter", "record: the audit record's number", "record");
                return;
            }
            Page.of(ctx, 100).ifPresent(page -> page.afterNumber(ctx, Long.MAX_VALUE).ifPresent(before -> {
                try {
                    page.send(ctx, snapshots.list(record == null ? null : Long.parseLong(record), before, page.limit() + 1),
                            s -> Long.toString(s.id()), s -> s);
                } catch (SQLException e) {
                    Http.unavailable(ctx, e);
                }
            }));
        });
    }

    private void image(RoutingContext ctx) {
        Http.permitted(ctx, Permission.VIEW_SECURITY_LOG).ifPresent(user -> {
            String id = ctx.pathParam("id");
            try {
                var image = id.matches("\\d{1,18}") ? snapshots.image(Long.parseLong(id)) : java.util.Optional.<Snapshots.Image>empty();
                if (image.isEmpty()) {
                    fail(ctx, 404, "not-found", "no image " + id);
                    return;
                }
                ctx.response().putHeader("content-type", image.get().contentType())
                        .end(io.vertx.core.buffer.Buffer.buffer(image.get().bytes()));
            } catch (SQLException e) {
                Http.unavailable(ctx, e);
            }
        });
    }
}
