package id.jaga.controller.http;

import static id.jaga.controller.http.Http.body;
import static id.jaga.controller.http.Http.fail;
import static id.jaga.controller.http.Http.send;
import static id.jaga.controller.http.Http.text;

import com.fasterxml.jackson.databind.JsonNode;
import id.jaga.controller.alarm.Alarm;
import id.jaga.controller.alarm.AlarmActionException;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.AlarmStore;
import id.jaga.controller.auth.Permission;
import id.jaga.controller.auth.User;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Alarms: the list, one alarm with its history, and what staff do with them (acknowledge, shelve, reset). */
final class AlarmRoutes {
    private final AlarmStore store;
    private final AlarmService alarms;
    private final Clock clock;

    AlarmRoutes(AlarmStore store, AlarmService alarms, Clock clock) {
        this.store = store;
        this.alarms = alarms;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/api/alarms").blockingHandler(this::list, false);
        router.get("/api/alarms/:id").blockingHandler(this::one, false);
        router.post("/api/alarms/:id/acknowledge").blockingHandler(ctx -> act(ctx, (id, user, body) ->
                alarms.acknowledge(id, user.name(), text(body, "comment"))), false);
        router.post("/api/alarms/:id/shelve").blockingHandler(ctx -> act(ctx, (id, user, body) ->
                alarms.shelve(id, user.name(), text(body, "reason"), until(body))), false);
        router.post("/api/alarms/:id/unshelve").blockingHandler(ctx -> act(ctx, (id, user, body) ->
                alarms.unshelve(id, user.name())), false);
        router.post("/api/alarms/:id/reset").blockingHandler(ctx -> act(ctx, (id, user, body) ->
                alarms.reset(id, user.name(), text(body, "comment"))), false);
    }

    private void list(RoutingContext ctx) {
        String stateParam = ctx.request().getParam("state");
        Alarm.State state = null;
        if (stateParam != null && !stateParam.equals("all")) {
            try {
                state = Alarm.State.valueOf(stateParam.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                fail(ctx, 400, "bad-parameter", "state must be active, cleared or all", "state");
                return;
            }
        }
        boolean unacknowledged = "true".equals(ctx.request().getParam("unacknowledged"));
        try {
            send(ctx, 200, Map.of("alarms", store.list(state, unacknowledged, 200).stream().map(AlarmRoutes::alarm).toList()));
        } catch (SQLException e) {
            fail(ctx, 503, "storage-unavailable", e.getMessage());
        }
    }

    private void one(RoutingContext ctx) {
        Long id = id(ctx);
        if (id == null) {
            return;
        }
        try {
            var alarm = store.find(id);
            if (alarm.isEmpty()) {
                fail(ctx, 404, "not-found", "no alarm " + id);
                return;
            }
            Map<String, Object> m = alarm(alarm.get());
            m.put("history", store.history(id));
            send(ctx, 200, m);
        } catch (SQLException e) {
            fail(ctx, 503, "storage-unavailable", e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Action {
        Alarm apply(long id, User user, JsonNode body) throws SQLException, AlarmActionException;
    }

    private void act(RoutingContext ctx, Action action) {
        Long id = id(ctx);
        if (id == null) {
            return;
        }
        Http.permitted(ctx, Permission.HANDLE_ALARMS).ifPresent(user -> body(ctx).ifPresent(body -> {
            try {
                send(ctx, 200, alarm(action.apply(id, user, body)));
            } catch (AlarmActionException e) {
                int status = switch (e.code()) {
                    case "not-found" -> 404;
                    case "conflict" -> 409;
                    default -> 400;
                };
                fail(ctx, status, e.code(), e.getMessage(), e.field());
            } catch (SQLException e) {
                fail(ctx, 503, "storage-unavailable", e.getMessage());
            }
        }));
    }

    /** A shelf's expiry: {@code until} (an ISO instant) or {@code minutes} from now. */
    private Instant until(JsonNode body) throws AlarmActionException {
        if (body.hasNonNull("minutes") && body.get("minutes").canConvertToLong()) {
            return clock.instant().plus(Duration.ofMinutes(body.get("minutes").asLong()));
        }
        String until = text(body, "until");
        try {
            return until == null ? null : Instant.parse(until);
        } catch (DateTimeParseException e) {
            throw new AlarmActionException("invalid", "until must be an instant such as 2026-11-22T10:00:00Z", "until");
        }
    }

    private static Long id(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            fail(ctx, 404, "not-found", "no alarm " + ctx.pathParam("id"));
            return null;
        }
    }

    static Map<String, Object> alarm(Alarm a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("source", a.source());
        m.put("type", a.type());
        m.put("severity", a.severity().wire());
        m.put("state", a.state().wire());
        m.put("message", a.message());
        m.put("value", a.lastValue());
        m.put("peak", a.peakValue());
        m.put("count", a.count());
        m.put("raisedAt", a.raisedAt());
        m.put("updatedAt", a.updatedAt());
        m.put("clearedAt", a.clearedAt());
        m.put("acknowledged", a.acknowledged());
        m.put("acknowledgement", a.ack());
        m.put("latched", a.latched());
        m.put("awaitingReset", a.awaitingReset());
        m.put("shelf", a.shelf());
        return m;
    }
}
