package id.jaga.controller.http;

import static id.jaga.controller.http.Http.fail;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one way long lists are paged: {@code ?limit=N&cursor=C} in, {@code {items, next}} out, where
 * {@code next} is the cursor of the following page (null on the last). A cursor is opaque to the
 * client: here it is the last item's key, so a page stays correct while new rows arrive.
 */
record Page(int limit, String after) {
    static final int MAX_LIMIT = 5_000;

    /** The page asked for; on a bad limit or cursor answers 400 and returns empty. */
    static Optional<Page> of(RoutingContext ctx, int defaultLimit) {
        String limit = ctx.request().getParam("limit");
        int n = defaultLimit;
        if (limit != null) {
            n = limit.matches("\\d{1,5}") ? Integer.parseInt(limit) : 0;
            if (n < 1 || n > MAX_LIMIT) {
                fail(ctx, 400, "bad-parameter", "limit must be 1 to " + MAX_LIMIT, "limit");
                return Optional.empty();
            }
        }
        String cursor = ctx.request().getParam("cursor");
        if (cursor == null || cursor.isEmpty()) {
            return Optional.of(new Page(n, null));
        }
        try {
            return Optional.of(new Page(n, new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            fail(ctx, 400, "bad-parameter", "cursor is not one this API gave out", "cursor");
            return Optional.empty();
        }
    }

    /** The cursor's key as a number (an id or sequence), or {@code start} without a cursor; a malformed one answers 400. */
    Optional<Long> afterNumber(RoutingContext ctx, long start) {
        if (after == null) {
            return Optional.of(start);
        }
        if (after.matches("\\d{1,18}")) {
            return Optional.of(Long.parseLong(after));
        }
        fail(ctx, 400, "bad-parameter", "cursor is not one this API gave out", "cursor");
        return Optional.empty();
    }

    /**
     * Answers with the page, given up to {@code limit + 1} fetched items (one more than shown tells
     * whether a next page exists).
     */
    <T> void send(RoutingContext ctx, List<T> fetched, Function<T, String> key, Function<T, Object> render) {
        send(ctx, fetched, key, render, Map.of());
    }

    /** The same, with more fields beside {@code items} and {@code next}. */
    <T> void send(RoutingContext ctx, List<T> fetched, Function<T, String> key, Function<T, Object> render,
                  Map<String, Object> extra) {
        boolean more = fetched.size() > limit;
        List<T> shown = more ? fetched.subList(0, limit) : fetched;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", shown.stream().map(render).toList());
        body.put("next", more ? Base64.getUrlEncoder().withoutPadding()
                .encodeToString(key.apply(shown.get(shown.size() - 1)).getBytes(StandardCharsets.UTF_8)) : null);
        body.putAll(extra);
        Http.send(ctx, 200, body);
    }
}
