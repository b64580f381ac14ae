package id.jaga.controller.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import id.jaga.config.Door;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.controller.alarm.Alarm;
import id.jaga.controller.auth.Permission;
import id.jaga.controller.auth.User;
import id.jaga.controller.http.LiveEvents.Event;
import id.jaga.controller.security.SecurityLog;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /api/events}: the live feed as server-sent events. A subscriber first gets the state
 * as it is (every sensor's reading, every door, the failover state, the active alarms), then each
 * change: alarm changes and failover transitions as they are committed, a sensor's reading or a
 * door's state at most once a second when it changed, and security records to those who may read them.
 */
final class EventRoutes {
    private static final long TICK_MS = 1_000;
    /**
     * How often a stream's session is checked again (a signed-out, reset or expired session ends
     * its stream), with a comment line that keeps proxies and browsers from closing an idle stream.
     */
    private static final long RECHECK_MS = 5_000;

    private final Vertx vertx;
    private final ApiServer.Sources sources;
    private final LiveEvents live;
    // Touched on the tick's event loop only.
    private final Map<String, Object> lastReading = new HashMap<>();
    private final Map<String, String> lastDoor = new HashMap<>();

    EventRoutes(Vertx vertx, ApiServer.Sources sources) {
        this.vertx = vertx;
        this.sources = sources;
        this.live = sources.live();
    }

    void mount(Router router) {
        router.get("/api/events").blockingHandler(this::subscribe, false);
        sources.audit().onAppend(r -> {
            if (SecurityLog.CATEGORY.equals(r.category())) {
                live.publish("security", r);
            }
        });
        vertx.setPeriodic(TICK_MS, id -> tick());
    }

    /** Publishes the readings and door states that changed since the last tick. */
    private void tick() {
        if (live.subscribers() == 0) {
            lastReading.clear(); // the next subscriber gets everything in its snapshot anyway
            lastDoor.clear();
            return;
        }
        sources.site().sensors().forEach(p -> {
            Map<String, Object> r = reading(p);
            if (!Objects.equals(lastReading.put(p.sensor().id(), r), r)) {
                live.publish("reading", r);
            }
        });
        sources.access().access().doors().forEach(d -> {
            Map<String, Object> state = door(d);
            if (!Objects.equals(lastDoor.put(d.id(), (String) state.get("state")), state.get("state"))) {
                live.publish("door", state);
            }
        });
    }

    private void subscribe(RoutingContext ctx) {
        User user = Http.user(ctx).orElseThrow();
        String token = AccountRoutes.token(ctx);
        boolean securityLog = user.may(Permission.VIEW_SECURITY_LOG);
        Context context = vertx.getOrCreateContext(); // the request's event loop: every write goes through it, in order
        HttpServerResponse res = ctx.response();
        res.setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .putHeader("x-accel-buffering", "no") // nginx would otherwise hold events back
                .write("retry: 3000\n\n");
        Runnable unsubscribe = live.subscribe(e -> {
            if (securityLog || !"security".equals(e.type())) {
                context.runOnContext(v -> write(res, e));
            }
        });
        long[] recheck = new long[1];
        Runnable stop = () -> {
            unsubscribe.run();
            vertx.cancelTimer(recheck[0]);
        };
        recheck[0] = vertx.setPeriodic(RECHECK_MS, id -> vertx.executeBlocking(() -> sources.accounts().authenticate(token))
                .onSuccess(still -> {
                    if (still.isPresent()) {
                        write(res, ": keep-alive\n\n");
                    } else if (!res.ended()) {
                        stop.run();
                        res.end();
                    }
                }));
        res.closeHandler(closed -> stop.run());
        // Subscribed first, so nothing is missed; alarms and failover are read off the event loop.
        vertx.executeBlocking(this::snapshot).onSuccess(events -> events.forEach(e -> write(res, e)))
                .onFailure(ctx::fail);
    }

    private List<Event> snapshot() {
        List<Event> events = new ArrayList<>();
        sources.site().sensors().forEach(p -> events.add(live.single("reading", reading(p))));
        sources.access().access().doors().forEach(d -> events.add(live.single("door", door(d))));
        events.add(live.single("failover", sources.failover().state()));
        for (Alarm a : sources.alarms().activeAlarms()) {
            events.add(live.single("alarm", live.alarmEvent(a, "active", null, null)));
        }
        return events;
    }

    private Map<String, Object> reading(PlacedSensor p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sensor", p.sensor().id());
        m.put("reading", ApiServer.reading(p.sensor().id(), sources));
        return m;
    }

    private Map<String, Object> door(Door d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("door", d.id());
        m.put("state", DoorRoutes.state(sources.access(), d));
        return m;
    }

    private static void write(HttpServerResponse res, Event e) {
        try {
            write(res, "id: " + e.id() + "\nevent: " + e.type() + "\ndata: " + Http.JSON.writeValueAsString(e.data()) + "\n\n");
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot encode a " + e.type() + " event", ex);
        }
    }

    /** A subscriber too slow to keep up is dropped: its browser reconnects and starts from a fresh snapshot. */
    private static void write(HttpServerResponse res, String frame) {
        if (res.closed() || res.ended()) {
            return;
        }
        if (res.writeQueueFull()) {
            res.reset();
            return;
        }
        res.write(frame);
    }
}
