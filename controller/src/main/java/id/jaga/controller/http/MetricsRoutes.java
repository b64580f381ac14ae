package id.jaga.controller.http;

import static id.jaga.controller.http.Http.fail;

import id.jaga.config.ControllerSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * {@code GET /metrics} in the Prometheus text format. A scraper is not a person, so it does not
 * sign in: it sends the token held in {@code controller.metrics.tokenFile}; {@code open: true}
 * (the demo) lets anyone read; with neither, nobody may. The token file is read at start (only the
 * controller has it, so the site check shared with the agents does not look for it).
 */
final class MetricsRoutes {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final PrometheusMeterRegistry registry;
    private final boolean open;
    private final byte[] token;

    MetricsRoutes(PrometheusMeterRegistry registry, ControllerSettings.Metrics settings) {
        this.registry = registry;
        this.open = settings.open();
        this.token = settings.tokenFile() == null ? null : read(settings.tokenFile());
    }

    void mount(Router router) {
        router.get("/metrics").blockingHandler(this::scrape, false);
    }

    private void scrape(RoutingContext ctx) {
        if (!open) {
            if (token == null) {
                fail(ctx, 403, "metrics-closed", "metrics are off: set controller.metrics.tokenFile (or open: true for a demo)");
                return;
            }
            String header = ctx.request().getHeader("Authorization");
            byte[] sent = header == null || !header.startsWith("Bearer ") ? new byte[0]
                    : header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(token, sent)) { // in constant time: the comparison does not leak the token
                ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"jaga-metrics\"");
                fail(ctx, 401, "unauthenticated", "send the scrape token of controller.metrics.tokenFile as 'Authorization: Bearer ...'");
                return;
            }
        }
        ctx.response().putHeader("content-type", CONTENT_TYPE).end(registry.scrape());
    }

    private static byte[] read(String file) {
        try {
            String t = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            if (t.length() < 16) {
                throw new IllegalStateException("controller.metrics.tokenFile " + file + ": the token needs at least 16 characters");
            }
            return t.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("controller.metrics.tokenFile " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
