package id.jaga.controller.http;

import static id.jaga.controller.http.Http.body;
import static id.jaga.controller.http.Http.fail;
import static id.jaga.controller.http.Http.send;
import static id.jaga.controller.http.Http.text;

import com.fasterxml.jackson.databind.JsonNode;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.controller.alarm.Alarm;
import id.jaga.controller.alarm.AlarmActionException;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.AlarmSources;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Alarms: the list, one alarm with its history, and what staff do with them (acknowledge, shelve, reset). */
final class AlarmRoutes {
    private final SiteConfig site;
    private final AlarmSources sources;
    private final AlarmStore store;
    private final AlarmService alarms;
    private final Clock clock;

    AlarmRoutes(SiteConfig site, AlarmSources sources, AlarmStore store, AlarmService alarms, Clock clock) {
        this.site = site;
        this.sources = sources;
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
        String stateParam = Optional.ofNullable(ctx.request().getParam("state")).orElse("all");
        Alarm.State state = Arrays.stream(Alarm.State.values()).filter(s -> s.wire().equals(stateParam)).findFirst().orElse(null);
        if (state == null && !stateParam.equals("all")) {
            fail(ctx, 400, "bad-parameter", "state must be active, cleared or all", "state");
            return;
        }
        String severityParam = ctx.request().getParam("severity");
        Severity severity = severityParam == null ? null : Arrays.stream(Severity.values())
                .filter(s -> s.wire().equals(severityParam)).findFirst().orElse(null);
        if (severityParam != null && severity == null) {
            fail(ctx, 400, "bad-parameter", "severity must be critical, major, minor or warning", "severity");
            return;
        }
        String room = ctx.request().getParam("room");
        if (room != null && site.rooms().stream().noneMatch(r -> r.id().equals(room))) {
            fail(ctx, 400, "bad-parameter", "no room '" + room + "' in the site file", "room");
            return;
        }
        boolean unacknowledged = "true".equals(ctx.request().getParam("unacknowledged"));
        Page.of(ctx, 100).ifPresent(page -> page.afterNumber(ctx, Long.MAX_VALUE).ifPresent(before -> {
            try {
                page.send(ctx, store.list(new AlarmStore.Query(state, unacknowledged, severity,
                        room == null ? null : sourcesIn(room), before), page.limit() + 1), a -> Long.toString(a.id()), a -> alarm(a, sources));
            } catch (SQLException e) {
                Http.unavailable(ctx, e);
            }
        }));
    }

    /** What an alarm of a room can be raised on: the room, its racks, sensors, agents, doors and cameras. */
    private Set<String> sourcesIn(String room) {
        return sources.sourcesIn(room);
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
            Map<String, Object> m = alarm(alarm.get(), sources);
            m.put("history", store.history(id));
            send(ctx, 200, m);
        } catch (SQLException e) {
            Http.unavailable(ctx, e);
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
                send(ctx, 200, alarm(action.apply(id, user, body), sources));
            } catch (AlarmActionException e) {
                int status = switch (e.code()) {
                    case "not-found" -> 404;
                    case "conflict" -> 409;
                    default -> 400;
                };
                fail(ctx, status, e.code(), e.getMessage(), e.field());
            } catch (SQLException e) {
                Http.unavailable(ctx, e);
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

    /** An alarm as the API shows it; {@code room}: the room its source is in (null for the site, a DRC). */
    static Map<String, Object> alarm(Alarm a, AlarmSources sources) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("source", a.source());
        m.put("room", sources.roomOf(a.source()).orElse(null));
        m.put("type", a.type());
        m.put("severity", a.severity().wire());
        m.put("state", a.state().wire());
        m.put("message", a.message());
        m.put("value", a.lastValue());
        m.put("peak", a.peakValue());
        m.put("unit", a.unit()); // the values' own: a dew-point alarm's source measures %RH, its values are in C
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
