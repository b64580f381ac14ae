package id.jaga.controller.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import id.jaga.controller.auth.Permission;
import id.jaga.controller.auth.User;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every route shares: JSON out, JSON in, one error shape (code, message, field) and permission checks. */
final class Http {
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    static final String USER = "jaga.user";
    private static final Logger LOG = LoggerFactory.getLogger(Http.class);

    private Http() {
    }

    static void send(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }

    static void fail(RoutingContext ctx, int status, String code, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        send(ctx, status, body);
    }

    static void fail(RoutingContext ctx, int status, String code, String message) {
        fail(ctx, status, code, message, null);
    }

    /**
     * The database failed: 503, as the caller may retry. The driver's message goes to the log,
     * not to the client, as it may name tables or hosts.
     */
    static void unavailable(RoutingContext ctx, java.sql.SQLException e) {
        LOG.error("{} {}: the database failed: {}", ctx.request().method(), ctx.request().path(), e.getMessage());
        fail(ctx, 503, "storage-unavailable", "the database cannot be reached; try again shortly");
    }

    /** Anything a route did not answer itself: its status if it set one (413 for a large body), else 500, in the one shape. */
    static void failed(RoutingContext ctx) {
        int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        if (status >= 500) {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset(); // half an answer is already out: all that is left is to cut it
            return;
        }
        fail(ctx, status, switch (status) {
            case 413 -> "too-large";
            case 400 -> "bad-request";
            case 500 -> "internal";
            default -> "failed";
        }, switch (status) {
            case 413 -> "the request body is larger than the API takes";
            case 500 -> "the controller failed to answer; the cause is in its log";
            default -> String.valueOf(HttpResponseStatus.valueOf(status).reasonPhrase());
        });
    }

    /** The request's JSON object body; on anything else answers 400 and returns empty. */
    static Optional<JsonNode> body(RoutingContext ctx) {
        try {
            JsonNode node = ctx.body() == null || ctx.body().buffer() == null ? null
                    : JSON.readTree(ctx.body().buffer().getBytes());
            if (node != null && node.isObject()) {
                return Optional.of(node);
            }
        } catch (IOException e) {
            // answered below
        }
        fail(ctx, 400, "bad-body", "the request body must be a JSON object");
        return Optional.empty();
    }

    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    static Optional<User> user(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(USER));
    }

    /** The signed-in user if they may; otherwise answers 403 and returns empty. */
    static Optional<User> permitted(RoutingContext ctx, Permission permission) {
        Optional<User> user = user(ctx);
        if (user.isPresent() && user.get().may(permission)) {
            return user;
        }
        fail(ctx, 403, "forbidden", "the role " + user.map(u -> u.role().wire()).orElse("(none)") + " may not do this");
        return Optional.empty();
    }

    /** A query parameter that is an instant, or {@code absent} when not given; a malformed one answers 400 and returns empty. */
    static Optional<Instant> instant(RoutingContext ctx, String name, Instant absent) {
        String v = ctx.request().getParam(name);
        try {
            return Optional.of(v == null ? absent : Instant.parse(v));
        } catch (DateTimeParseException e) {
            fail(ctx, 400, "bad-parameter", name + " must be an instant such as 2026-11-01T00:00:00Z", name);
            return Optional.empty();
        }
    }

    /** The caller's address, for sign-in limits and logs. */
    static String address(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    }
}
