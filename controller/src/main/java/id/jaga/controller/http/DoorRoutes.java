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
import id.jaga.sensors.wire.CommandResult;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Doors: their state for everyone, remote unlock for the roles the site file names, camera stills for the security log's readers. */
final class DoorRoutes {
    private final AccessControl access;
    private final Snapshots snapshots;

    DoorRoutes(AccessControl access, Snapshots snapshots) {
        this.access = access;
        this.snapshots = snapshots;
    }

    void mount(Router router) {
        router.get("/api/doors").handler(this::list);
        router.post("/api/doors/:id/unlock").blockingHandler(this::unlock, false);
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
        Boolean open = access.doors().isOpen(d.id());
        m.put("state", open == null ? "unknown" : open ? "open" : "closed");
        m.put("mayUnlock", d.remoteUnlock().contains(user.role().wire()));
        return m;
    }

    private void unlock(RoutingContext ctx) {
        Http.permitted(ctx, Permission.VIEW).ifPresent(user -> body(ctx).ifPresent(body -> {
            try {
                CommandResult r = access.remoteUnlock(user, ctx.pathParam("id"), text(body, "reason"), Http.address(ctx)).get();
                Map<String, Object> m = new LinkedHashMap<>();
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
                fail(ctx, 503, "storage-unavailable", "not unlocked: the audit log cannot be written (" + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(ctx, 503, "interrupted", "the controller is stopping");
            } catch (ExecutionException e) {
                fail(ctx, 500, "internal", String.valueOf(e.getCause()));
            }
        }));
    }

    private void snapshots(RoutingContext ctx) {
        Http.permitted(ctx, Permission.VIEW_SECURITY_LOG).ifPresent(user -> {
            String record = ctx.request().getParam("record");
            if (record == null || !record.matches("\\d{1,18}")) {
                fail(ctx, 400, "bad-parameter", "record: the audit record's number", "record");
                return;
            }
            try {
                send(ctx, 200, Map.of("snapshots", snapshots.forRecord(Long.parseLong(record))));
            } catch (SQLException e) {
                fail(ctx, 503, "storage-unavailable", e.getMessage());
            }
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
                fail(ctx, 503, "storage-unavailable", e.getMessage());
            }
        });
    }
}
