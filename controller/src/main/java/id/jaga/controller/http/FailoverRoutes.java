package id.jaga.controller.http;

import static id.jaga.controller.http.Http.body;
import static id.jaga.controller.http.Http.fail;
import static id.jaga.controller.http.Http.send;
import static id.jaga.controller.http.Http.text;

import id.jaga.controller.auth.Permission;
import id.jaga.controller.auth.User;
import id.jaga.controller.failover.Failover;
import id.jaga.controller.failover.FailoverException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Failover: its state, each DRC's health and the history for everyone; the decisions for those allowed to take them. */
final class FailoverRoutes {
    private final Failover failover;

    FailoverRoutes(Failover failover) {
        this.failover = failover;
    }

    @FunctionalInterface
    private interface Decision {
        void take(User user, String reason) throws FailoverException, SQLException;
    }

    void mount(Router router) {
        router.get("/api/failover").blockingHandler(this::state, false);
        router.post("/api/failover/approve").blockingHandler(ctx -> decide(ctx, (u, r) -> failover.approve(u.name())), false);
        router.post("/api/failover/cancel").blockingHandler(ctx -> decide(ctx, (u, r) -> failover.cancel(u.name())), false);
        router.post("/api/failover/failback").blockingHandler(ctx -> decide(ctx, (u, r) -> failover.failback(u.name())), false);
        router.post("/api/failover/drill").blockingHandler(ctx -> decide(ctx, (u, r) -> failover.drill(u.name())), false);
        router.post("/api/failover/start").blockingHandler(ctx -> decide(ctx, (u, r) -> {
            if (r == null || r.isBlank()) {
                throw new IllegalArgumentException("reason");
            }
            failover.start(u.name(), r);
        }), false);
    }

    private void state(RoutingContext ctx) {
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", failover.state());
            m.put("drcs", failover.drcHealth());
            m.put("history", failover.history(50));
            send(ctx, 200, m);
        } catch (SQLException e) {
            Http.unavailable(ctx, e);
        }
    }

    private void decide(RoutingContext ctx, Decision decision) {
        Http.permitted(ctx, Permission.APPROVE_FAILOVER).ifPresent(user -> body(ctx).ifPresent(body -> {
            try {
                decision.take(user, text(body, "reason"));
                send(ctx, 200, Map.of("state", failover.state()));
            } catch (IllegalArgumentException e) {
                fail(ctx, 400, "invalid", "a manual failover needs a reason", "reason");
            } catch (FailoverException e) {
                fail(ctx, "not-leader".equals(e.code()) ? 503 : 409, e.code(), e.getMessage());
            } catch (SQLException e) {
                Http.unavailable(ctx, e);
            }
        }));
    }
}
