package id.jaga.controller.http;

import static id.jaga.controller.http.Http.fail;
import static id.jaga.controller.http.Http.send;

import id.jaga.config.Rack;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.controller.access.AccessControl;
import id.jaga.controller.access.Snapshots;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.AlarmSources;
import id.jaga.controller.alarm.AlarmStore;
import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.audit.AuditVerifier;
import id.jaga.controller.auth.Accounts;
import id.jaga.controller.failover.Failover;
import id.jaga.controller.gaps.DataGaps;
import id.jaga.controller.green.LivePower;
import id.jaga.controller.report.ReportBuilder;
import id.jaga.controller.alarm.Freshness;
import id.jaga.controller.history.ReadingHistory;
import id.jaga.controller.ingest.LatestReadings;
import id.jaga.controller.notify.NotificationLog;
import id.jaga.controller.ingest.Rejections;
import id.jaga.controller.notify.Notifications;
import id.jaga.controller.presence.Presence;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.mqtt.MqttLink;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The controller's HTTP API and web console: wires the routes of each feature, the live feed,
 * /metrics and the console's files, with one error shape throughout.
 */
public final class ApiServer implements AutoCloseable {
    private static final String OPENAPI = "/openapi.yaml";
    private final HttpServer server;
    private final Router router;

    private ApiServer(HttpServer server, Router router) {
        this.server = server;
        this.router = router;
    }

    public record Sources(SiteConfig site, String version, Database db, MqttLink mqtt, LatestReadings latest,
                          Freshness freshness, AlarmStore alarmStore, AlarmService alarms, Accounts accounts, Failover failover,
                          AuditLog audit, AuditVerifier auditVerifier,
                          Presence presence, Notifications notifications, Rejections rejections,
                          PrometheusMeterRegistry meters, Clock clock, Instant startedAt, AccessControl access, Snapshots snapshots,
                          LiveEvents live, ReportBuilder reports, LivePower livePower, DataGaps dataGaps,
                          AlarmSources alarmSources) {
    }

    public static ApiServer start(Vertx vertx, String host, int port, Sources sources) {
        Router router = Router.router(vertx);
        Console.secureHeaders(router);
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        new AccountRoutes(sources.accounts(), sources.audit(), sources.site().controller().http().sessionTimeout()).mount(router);
        String openApi = openApi();
        router.get("/api/openapi.yaml").handler(ctx -> ctx.response().putHeader("content-type", "application/yaml; charset=utf-8")
                .end(openApi));
        router.get("/api/health").blockingHandler(ctx -> health(ctx, sources), false);
        router.get("/api/site").handler(ctx -> send(ctx, 200, site(sources.site())));
        router.get("/api/racks").handler(ctx -> send(ctx, 200, Map.of("site", sources.site().site().id(), "racks", racks(sources))));
        router.get("/api/sensors").handler(ctx -> send(ctx, 200, Map.of("sensors",
                sources.site().sensors().map(p -> sensor(p, sources)).toList())));
        new AlarmRoutes(sources.site(), sources.alarmSources(), sources.alarmStore(), sources.alarms(), sources.clock()).mount(router);
        new FailoverRoutes(sources.failover()).mount(router);
        new AuditRoutes(sources.audit(), sources.auditVerifier()).mount(router);
        new DoorRoutes(sources.access(), sources.snapshots(), sources.audit()).mount(router);
        new GreenRoutes(sources.reports(), sources.livePower(), sources.clock()).mount(router);
        new HistoryRoutes(sources.site(), new ReadingHistory(sources.db()), sources.clock()).mount(router);
        new NotificationRoutes(new NotificationLog(sources.db())).mount(router);
        new EventRoutes(vertx, sources).mount(router);
        new MetricsRoutes(sources.meters(), sources.site().controller().metrics()).mount(router);
        router.route("/api/*").handler(ctx -> fail(ctx, 404, "not-found", "no such resource: " + ctx.request().path()));
        Console.files(router);
        router.route().failureHandler(Http::failed);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(port, host)
                .toCompletionStage().toCompletableFuture().join();
        return new ApiServer(server, router);
    }

    /** The description of every route, kept beside the code (a test holds the two to each other). */
    static String openApi() {
        try (InputStream in = ApiServer.class.getResourceAsStream(OPENAPI)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the controller's jar has no " + OPENAPI, e);
        }
    }

    /** Every endpoint the router serves, as "METHOD /path" with {param}, for checking against the description. */
    List<String> endpoints() {
        return router.getRoutes().stream()
                .filter(r -> r.getPath() != null && !r.getPath().endsWith("*") && r.methods() != null && !r.methods().isEmpty())
                .flatMap(r -> r.methods().stream().map(m -> m.name() + " " + r.getPath().replaceAll(":(\\w+)", "{$1}")))
                .distinct().sorted().toList();
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
        insecure(s.site()).ifPresent(reason -> body.put("insecure", reason));
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
        body.put("dataGaps", s.dataGaps().health());
        send(ctx, dbUp && mqttUp ? 200 : 503, body);
    }

    /** Why the site file lets the broker link go unencrypted or unauthenticated beyond this host, when it does. */
    private static Optional<String> insecure(SiteConfig site) {
        return site.broker().acceptedInsecure() ? Optional.of(site.broker().insecureReason()) : Optional.empty();
    }

    /** What a console needs to draw the site: its name, time zone, rooms and DRCs (racks are on /api/racks). */
    private static Map<String, Object> site(SiteConfig site) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", site.site().id());
        m.put("name", site.site().name() == null ? site.site().id() : site.site().name());
        insecure(site).ifPresent(reason -> m.put("insecure", reason));
        m.put("timezone", site.site().timezone());
        m.put("rooms", site.rooms().stream().map(room -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", room.id());
            r.put("name", room.name() == null ? room.id() : room.name());
            r.put("widthM", room.widthM());
            r.put("depthM", room.depthM());
            return r;
        }).toList());
        m.put("drcSites", site.drcSites().stream().map(drc -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", drc.id());
            d.put("name", drc.name() == null ? drc.id() : drc.name());
            d.put("location", drc.location());
            d.put("priority", drc.priority());
            return d;
        }).toList());
        return m;
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
        m.put("reading", reading(p.sensor().id(), s));
        return m;
    }

    /** A sensor's latest reading, or null before its first. */
    static Map<String, Object> reading(String sensor, Sources s) {
        Reading r = s.latest().get(sensor).orElse(null);
        if (r == null) {
            return null;
        }
        Map<String, Object> reading = new LinkedHashMap<>();
        reading.put("value", r.value() != null ? r.value() : r.text());
        reading.put("quality", r.quality().wire());
        reading.put("reason", r.reason());
        reading.put("ts", r.ts());
        // A last value is only current while the sensor keeps reporting good readings.
        reading.put("current", r.quality() == Quality.GOOD && s.freshness().isCurrent(sensor));
        return reading;
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
