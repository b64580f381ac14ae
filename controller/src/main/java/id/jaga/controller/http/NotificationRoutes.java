package id.jaga.controller.http;

import static id.jaga.controller.http.Http.fail;

import id.jaga.controller.auth.Permission;
import id.jaga.controller.notify.NotificationLog;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;

/** The record of who was told what: every notice a channel took, newest first. */
final class NotificationRoutes {
    private final NotificationLog log;

    NotificationRoutes(NotificationLog log) {
        this.log = log;
    }

    void mount(Router router) {
        router.get("/api/notifications").blockingHandler(this::list, false);
    }

    private void list(RoutingContext ctx) {
        Http.permitted(ctx, Permission.VIEW).ifPresent(user -> {
            String channel = ctx.request().getParam("channel");
            String alarm = ctx.request().getParam("alarm");
            if (alarm != null && !alarm.matches("\\d{1,18}")) {
                fail(ctx, 400, "bad-parameter", "alarm: an alarm's id", "alarm");
                return;
            }
            Page.of(ctx, 100).ifPresent(page -> page.afterNumber(ctx, Long.MAX_VALUE).ifPresent(before -> {
                try {
                    page.send(ctx, log.list(channel, alarm == null ? null : Long.parseLong(alarm), before, page.limit() + 1),
                            n -> Long.toString(n.id()), n -> n);
                } catch (SQLException e) {
                    Http.unavailable(ctx, e);
                }
            }));
        });
    }
}
