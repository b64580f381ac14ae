package id.jaga.controller.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console: static files under {@code webroot/} on the class path, served at {@code /}, and
 * the security headers every answer carries, API included. The console's scripts and styles are
 * files of its own origin only, so the policy needs no 'unsafe-inline'.
 */
final class Console {
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "connect-src 'self'",
            "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'");

    private Console() {
    }

    /** Mounted first, so errors and 404s carry the headers too. */
    static void secureHeaders(Router router) {
        router.route().handler(ctx -> {
            ctx.response().headers()
                    .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .set("X-Content-Type-Options", "nosniff")
                    .set("X-Frame-Options", "DENY")
                    .set("Referrer-Policy", "no-referrer");
            // API answers hold live values and personal data; the console's files are checked again
            // on each load, so an upgraded controller never runs with yesterday's scripts.
            ctx.response().headers().set("Cache-Control", ctx.request().path().startsWith("/api/") ? "no-store" : "no-cache");
            ctx.next();
        });
    }

    /** Mounted last: whatever the API did not answer. */
    static void files(Router router) {
        // Browsers and tools ask for /favicon.ico whatever the page links: the same icon, an SVG. A
        // file of the console like the others (no method of its own), not an API endpoint.
        router.route("/favicon.ico").handler(ctx -> ctx.reroute("/favicon.svg"));
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false).setDefaultContentEncoding("UTF-8"));
    }
}
