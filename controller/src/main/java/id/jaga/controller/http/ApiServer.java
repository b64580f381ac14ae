package id.jaga.controller.http;

import static id.jaga.controller.http.Http.fail;
import static id.jaga.controller.http.Http.send;

import id.jaga.config.Rack;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.controller.access.AccessControl;
import id.jaga.controller.access.Snapshots;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.AlarmStore;
import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.audit.AuditVerifier;
import id.jaga.controller.auth.Accounts;
import id.jaga.controller.failover.Failover;
import id.jaga.controller.alarm.Freshness;
import id.jaga.controller.ingest.LatestReadings;
import id.jaga.controller.ingest.Rejections;
import id.jaga.controller.notify.Notifications;
import id.jaga.controller.presence.Presence;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.mqtt.MqttLink;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The controller's REST API: sign-in, health, the latest reading of every rack's sensors, and alarms. */
public final class ApiServer implements AutoCloseable {
    private final HttpServer server;

    private ApiServer(HttpServer server) {
        this.server = server;
    }

    public record Sources(SiteConfig site, String version, Database db, MqttLink mqtt, LatestReadings latest,
                          Freshness freshness, AlarmStore alarmStore, AlarmService alarms, Accounts accounts, Failover failover,
                          AuditLog audit, AuditVerifier auditVerifier,
                          Presence presence, Notifications notifications, Rejections rejections,
                          MeterRegistry meters, Clock clock, Instant startedAt, AccessControl access, Snapshots snapshots) {
    }

    public static ApiServer start(Vertx vertx, String host, int port, Sources sources) {
        Router router = Router.router(vertx);
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        new AccountRoutes(sources.accounts(), sources.audit()).mount(router);
        router.get("/api/health").blockingHandler(ctx -> health(ctx, sources), false);
        router.get("/api/racks").handler(ctx -> send(ctx, 200, Map.of("site", sources.site().site().id(), "racks", racks(sources))));
        router.get("/api/sensors").handler(ctx -> send(ctx, 200, Map.of("sensors",
                sources.site().sensors().map(p -> sensor(p, sources)).toList())));
        new AlarmRoutes(sources.alarmStore(), sources.alarms(), sources.clock()).mount(router);
        new FailoverRoutes(sources.failover()).mount(router);
        new AuditRoutes(sources.audit(), sources.auditVerifier()).mount(router);
        new DoorRoutes(sources.access(), sources.snapshots()).mount(router);
        router.route("/api/*").handler(ctx -> fail(ctx, 404, "not-found", "no such resource: " + ctx.request().path()));
        router.route().failureHandler(ctx -> fail(ctx, 500, "internal", String.valueOf(ctx.failure())));
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
        if (Http.user(ctx).isEmpty()) {
            send(ctx, dbUp && mqttUp ? 200 : 503, body); // what a load balancer needs; the details need a sign-in
            return;
        }
        body.put("agents", s.presence().snapshot());
        body.put("rejected", s.rejections().counts());
        Map<String, Object> ingest = new LinkedHashMap<>();
        ingest.put("readingsStored", (long) s.meters().counter("jaga.ingest.readings").count());
        ingest.put("queueDepth", s.meters().get("jaga.ingest.queue.depth").gauge().value());
        ingest.put("backpressureWaits", (long) s.meters().counter("jaga.ingest.backpressure.waits").count());
        ingest.put("storageFailures", (long) s.meters().counter("jaga.ingest.storage.failures").count());
        body.put("ingest", ingest);
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

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
