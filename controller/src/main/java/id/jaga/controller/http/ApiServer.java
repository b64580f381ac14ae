package id.jaga.controller.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import id.jaga.config.Rack;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.controller.alarm.Alarm;
import id.jaga.controller.alarm.AlarmStore;
import id.jaga.controller.alarm.Freshness;
import id.jaga.controller.ingest.LatestReadings;
import id.jaga.controller.ingest.Rejections;
import id.jaga.controller.notify.Notifications;
import id.jaga.controller.presence.Presence;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.mqtt.MqttLink;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The controller's REST API: health, the latest reading of every rack's sensors, and alarms. */
public final class ApiServer implements AutoCloseable {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final HttpServer server;

    private ApiServer(HttpServer server) {
        this.server = server;
    }

    public record Sources(SiteConfig site, String version, Database db, MqttLink mqtt, LatestReadings latest,
                          Freshness freshness, AlarmStore alarms, Presence presence, Notifications notifications,
                          Rejections rejections, Clock clock, Instant startedAt) {
    }

    public static ApiServer start(Vertx vertx, String host, int port, Sources sources) {
        Router router = Router.router(vertx);
        router.get("/api/health").blockingHandler(ctx -> health(ctx, sources));
        router.get("/api/racks").handler(ctx -> send(ctx, 200, Map.of("site", sources.site().site().id(), "racks", racks(sources))));
        router.get("/api/sensors").handler(ctx -> send(ctx, 200, Map.of("sensors",
                sources.site().sensors().map(p -> sensor(p, sources)).toList())));
        router.get("/api/alarms").blockingHandler(ctx -> alarms(ctx, sources));
        router.route("/api/*").handler(ctx -> send(ctx, 404, error("not-found", "no such resource: " + ctx.request().path())));
        router.route().failureHandler(ctx -> send(ctx, 500, error("internal", String.valueOf(ctx.failure()))));
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(port, host)
                .toCompletionStage().toCompletableFuture().join();
        return new ApiServer(server);
    }

    public int port() {
        return server.actualPort();
    }

    private static void health(RoutingContext ctx, Sources s) {
        boolean dbUp = s.db().isReachable();
        boolean mqttUp = s.mqtt().isConnected();
        Map<String, Object> body = new LinkedHashMap<>();
        // 503 only when the controller cannot do its core job; a failing channel is shown, not fatal.
        body.put("status", dbUp && mqttUp && s.notifications().healthy() ? "ok" : "degraded");
        body.put("site", s.site().site().id());
        body.put("version", s.version());
        body.put("uptimeSeconds", Duration.between(s.startedAt(), s.clock().instant()).toSeconds());
        body.put("database", dbUp ? "up" : "down");
        body.put("mqtt", mqttUp ? "connected" : "disconnected");
        body.put("agents", s.presence().snapshot());
        body.put("rejected", s.rejections().counts());
        body.put("notifications", s.notifications().statuses());
        send(ctx, dbUp && mqttUp ? 200 : 503, body);
    }

    private static List<Map<String, Object>> racks(Sources s) {
        return s.site().racks().stream().map((Rack rack) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", rack.id());
            r.put("name", rack.name());
            r.put("room", rack.room());
            r.put("sensors", s.site().sensors().filter(p -> rack.id().equals(p.rack())).map(p -> sensor(p, s)).toList());
            return r;
        }).toList();
    }

    private static Map<String, Object> sensor(PlacedSensor p, Sources s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.sensor().id());
        m.put("kind", p.sensor().kind().wire());
        m.put("unit", p.sensor().unit());
        m.put("room", p.room());
        m.put("rack", p.rack());
        m.put("agent", p.sensor().agent());
        Reading r = s.latest().get(p.sensor().id()).orElse(null);
        if (r == null) {
            m.put("reading", null);
        } else {
            Map<String, Object> reading = new LinkedHashMap<>();
            reading.put("value", r.value() != null ? r.value() : r.text());
            reading.put("quality", r.quality().wire());
            reading.put("reason", r.reason());
            reading.put("ts", r.ts());
            // A last value is only current while the sensor keeps reporting good readings.
            reading.put("current", r.quality() == Quality.GOOD && s.freshness().isCurrent(p.sensor().id()));
            m.put("reading", reading);
        }
        return m;
    }

    private static void alarms(RoutingContext ctx, Sources s) {
        String stateParam = ctx.request().getParam("state");
        Alarm.State state = null;
        if (stateParam != null && !stateParam.equals("all")) {
            try {
                state = Alarm.State.valueOf(stateParam.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                send(ctx, 400, error("bad-parameter", "state must be active, cleared or all", "state"));
                return;
            }
        }
        try {
            List<Map<String, Object>> list = s.alarms().list(state, 200).stream().map(ApiServer::alarm).toList();
            send(ctx, 200, Map.of("alarms", list));
        } catch (java.sql.SQLException e) {
            send(ctx, 503, error("storage-unavailable", e.getMessage()));
        }
    }

    private static Map<String, Object> alarm(Alarm a) {
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
        return m;
    }

    private static Map<String, Object> error(String code, String message) {
        return Map.of("code", code, "message", message);
    }

    private static Map<String, Object> error(String code, String message, String field) {
        return Map.of("code", code, "message", message, "field", field);
    }

    private static void send(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
