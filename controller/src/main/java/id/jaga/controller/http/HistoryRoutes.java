package id.jaga.controller.http;

import static id.jaga.controller.http.Http.fail;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.controller.auth.Permission;
import id.jaga.controller.history.ReadingHistory;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/sensors/{id}/history}: a sensor's readings for a chart, raw or as 1-minute or
 * 1-hour buckets; without {@code resolution}, the one that suits the span (an hour raw, a day by
 * the minute, a week by the hour).
 */
final class HistoryRoutes {
    private final SiteConfig site;
    private final ReadingHistory history;
    private final Clock clock;

    HistoryRoutes(SiteConfig site, ReadingHistory history, Clock clock) {
        this.site = site;
        this.history = history;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/api/sensors/:id/history").blockingHandler(this::history, false);
    }

    private void history(RoutingContext ctx) {
        Optional<PlacedSensor> sensor = site.sensors().filter(p -> p.sensor().id().equals(ctx.pathParam("id"))).findFirst();
        if (Http.permitted(ctx, Permission.VIEW).isEmpty()) {
            return;
        }
        if (sensor.isEmpty()) {
            fail(ctx, 404, "not-found", "no sensor " + ctx.pathParam("id"));
            return;
        }
        Optional<Instant> to = Http.instant(ctx, "to", clock.instant());
        Optional<Instant> from = to.flatMap(t -> Http.instant(ctx, "from", t.minus(Duration.ofHours(1))));
        if (from.isEmpty()) {
            return;
        }
        if (!from.get().isBefore(to.get())) {
            fail(ctx, 400, "bad-parameter", "from must be before to", "from");
            return;
        }
        String resolution = Optional.ofNullable(ctx.request().getParam("resolution")).orElse(suited(from.get(), to.get()));
        if (!resolution.matches("raw|1m|1h")) {
            fail(ctx, 400, "bad-parameter", "resolution must be raw, 1m or 1h", "resolution");
            return;
        }
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("sensor", sensor.get().sensor().id());
        about.put("unit", sensor.get().sensor().unit());
        about.put("resolution", resolution);
        about.put("from", from.get());
        about.put("to", to.get());
        Page.of(ctx, 1000).ifPresent(page -> {
            String id = sensor.get().sensor().id();
            try {
                if (resolution.equals("raw")) {
                    // cursor: the last reading's time and id, as readings of one instant may be many
                    String[] after = page.after() == null ? null : page.after().split("\\|", 2);
                    Instant afterTs = after == null ? null : Instant.parse(after[0]);
                    long afterId = after == null ? 0 : Long.parseLong(after[1]);
                    page.send(ctx, history.raw(sensor.get().sensor().agent(), id, from.get(), to.get(), afterTs, afterId, page.limit() + 1),
                            r -> r.ts() + "|" + r.id(), r -> r, about);
                } else {
                    Instant afterStart = page.after() == null ? null : Instant.parse(page.after());
                    page.send(ctx, history.buckets(id, resolution, from.get(), to.get(), afterStart, page.limit() + 1),
                            b -> b.start().toString(), b -> b, about);
                }
            } catch (DateTimeParseException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
                fail(ctx, 400, "bad-parameter", "cursor is not one this API gave out", "cursor");
            } catch (SQLException e) {
                Http.unavailable(ctx, e);
            }
        });
    }

    /** At most a few thousand points: raw up to 2 hours, by the minute up to 2 days, else by the hour. */
    private static String suited(Instant from, Instant to) {
        Duration span = Duration.between(from, to);
        return span.compareTo(Duration.ofHours(2)) <= 0 ? "raw" : span.compareTo(Duration.ofDays(2)) <= 0 ? "1m" : "1h";
    }
}
