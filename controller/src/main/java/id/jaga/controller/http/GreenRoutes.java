package id.jaga.controller.http;

import static id.jaga.controller.http.Http.fail;
import static id.jaga.controller.http.Http.send;

import id.jaga.controller.auth.Permission;
import id.jaga.controller.green.LivePower;
import id.jaga.controller.green.Period;
import id.jaga.controller.report.Labels;
import id.jaga.controller.report.Report;
import id.jaga.controller.report.ReportBuilder;
import id.jaga.controller.report.ReportFormat;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The green figures (PUE, energy, inlet temperatures), availability, and the ICT office's report in
 * HTML, PDF or CSV: the report is here too because the command line cannot open an H2 database
 * while the controller runs. Periods are whole local days of the site.
 */
final class GreenRoutes {
    private final ReportBuilder reports;
    private final LivePower live;
    private final Clock clock;

    GreenRoutes(ReportBuilder reports, LivePower live, Clock clock) {
        this.reports = reports;
        this.live = live;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/api/green/pue").blockingHandler(this::pue, false);
        router.get("/api/green/energy").blockingHandler(ctx -> figure(ctx, p -> reports.green().energy(p)), false);
        router.get("/api/green/inlets").blockingHandler(ctx -> figure(ctx, p -> Map.of("from", p.from(), "to", p.to(),
                "inlets", reports.green().inlets(p))), false);
        router.get("/api/availability").blockingHandler(ctx -> figure(ctx, p -> reports.availability().over(p)), false);
        router.get("/api/reports").blockingHandler(this::report, false);
    }

    private void pue(RoutingContext ctx) {
        Http.permitted(ctx, Permission.VIEW).ifPresent(user -> {
            String period = ctx.request().getParam("period", "live");
            if ("live".equals(period)) {
                send(ctx, 200, live.pue());
                return;
            }
            try {
                String at = ctx.request().getParam("at");
                LocalDate day = at == null ? LocalDate.now(clock.withZone(reports.green().zone())) : LocalDate.parse(at);
                send(ctx, 200, reports.green().pue(Period.calendar(period, day, reports.green().zone())));
            } catch (DateTimeParseException e) {
                fail(ctx, 400, "bad-parameter", "at is a date such as 2026-11-01", "at");
            } catch (IllegalArgumentException e) {
                fail(ctx, 400, "bad-parameter", e.getMessage(), "period");
            } catch (SQLException e) {
                fail(ctx, 503, "storage-unavailable", e.getMessage());
            }
        });
    }

    @FunctionalInterface
    private interface Figure {
        Object over(Period p) throws SQLException;
    }

    private void figure(RoutingContext ctx, Figure figure) {
        Http.permitted(ctx, Permission.VIEW).ifPresent(user -> days(ctx).ifPresent(p -> {
            try {
                send(ctx, 200, figure.over(p));
            } catch (SQLException e) {
                fail(ctx, 503, "storage-unavailable", e.getMessage());
            }
        }));
    }

    /** Door statistics and the audit log's state are security information: the report needs that permission. */
    private void report(RoutingContext ctx) {
        Http.permitted(ctx, Permission.VIEW_SECURITY_LOG).ifPresent(user -> days(ctx).ifPresent(p -> {
            ReportFormat format = ReportFormat.of(ctx.request().getParam("format", "html")).orElse(null);
            String lang = ctx.request().getParam("lang", "id");
            if (format == null || !lang.matches("id|en")) {
                fail(ctx, 400, "bad-parameter", format == null ? "format is html, pdf or csv" : "lang is id or en",
                        format == null ? "format" : "lang");
                return;
            }
            try {
                Report report = reports.build(p);
                byte[] body = format.render(report, Labels.of(lang, reports.green().zone()));
                String name = "jaga-report-" + ctx.request().getParam("from") + "-" + ctx.request().getParam("to") + "."
                        + format.extension();
                ctx.response().putHeader("content-type", format.mediaType())
                        .putHeader("content-disposition", (format == ReportFormat.HTML ? "inline" : "attachment")
                                + "; filename=\"" + name + "\"")
                        .end(io.vertx.core.buffer.Buffer.buffer(body));
            } catch (SQLException e) {
                fail(ctx, 503, "storage-unavailable", e.getMessage());
            }
        }));
    }

    /** from and to: local dates, both included. */
    private java.util.Optional<Period> days(RoutingContext ctx) {
        try {
            LocalDate from = LocalDate.parse(ctx.request().getParam("from", ""));
            LocalDate to = LocalDate.parse(ctx.request().getParam("to", ""));
            if (to.isBefore(from)) {
                fail(ctx, 400, "bad-parameter", "to is on or after from", "to");
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(Period.days(from, to, reports.green().zone()));
        } catch (DateTimeParseException e) {
            fail(ctx, 400, "bad-parameter", "from and to are dates such as 2026-11-01 (both included)",
                    ctx.request().getParam("from") == null || e.getParsedString().equals(ctx.request().getParam("from", ""))
                            ? "from" : "to");
            return java.util.Optional.empty();
        }
    }
}
