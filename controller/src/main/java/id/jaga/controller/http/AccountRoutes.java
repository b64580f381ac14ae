package id.jaga.controller.http;

import static id.jaga.controller.http.Http.body;
import static id.jaga.controller.http.Http.fail;
import static id.jaga.controller.http.Http.send;
import static id.jaga.controller.http.Http.text;

import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.auth.AccountException;
import id.jaga.controller.auth.Accounts;
import id.jaga.controller.auth.Permission;
import id.jaga.controller.auth.Role;
import id.jaga.controller.auth.User;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in, sign-out, one's own password, and (for admins) users. Every other route needs a valid
 * session: its token as a bearer token (scripts, the NOC) or in the session cookie set at sign-in
 * (the web console, whose EventSource cannot send headers). A user holding a one-time password may
 * do nothing but change it.
 */
final class AccountRoutes {
    private static final String BEARER = "Bearer ";
    static final String COOKIE = "jaga_session";
    /** What a request without a sign-in may reach. */
    private static final Set<String> PUBLIC = Set.of("POST /api/session", "GET /api/health", "GET /api/openapi.yaml");
    /** What a user who must change their password may still reach. */
    private static final Set<String> BEFORE_PASSWORD_CHANGE = Set.of("POST /api/me/password", "GET /api/me",
            "DELETE /api/session");

    private final Accounts accounts;
    private final AuditLog audit;
    private final Duration sessionTimeout;

    AccountRoutes(Accounts accounts, AuditLog audit, Duration sessionTimeout) {
        this.accounts = accounts;
        this.audit = audit;
        this.sessionTimeout = sessionTimeout;
    }

    void mount(Router router) {
        router.route("/api/*").blockingHandler(this::authenticate, false);
        router.post("/api/session").blockingHandler(this::signIn, false);
        router.delete("/api/session").blockingHandler(this::signOut, false);
        router.get("/api/me").handler(ctx -> send(ctx, 200, me(Http.user(ctx).orElseThrow())));
        router.post("/api/me/password").blockingHandler(this::changePassword, false);
        router.get("/api/users").blockingHandler(this::listUsers, false);
        router.post("/api/users").blockingHandler(this::createUser, false);
        router.delete("/api/users/:name").blockingHandler(this::deleteUser, false);
        router.post("/api/users/:name/password-reset").blockingHandler(this::resetPassword, false);
    }

    private void authenticate(RoutingContext ctx) {
        String route = ctx.request().method().name() + " " + ctx.request().path();
        Optional<User> user = Optional.empty();
        String token = token(ctx);
        if (token != null) {
            try {
                user = accounts.authenticate(token);
            } catch (SQLException e) {
                Http.unavailable(ctx, e);
                return;
            }
        }
        user.ifPresent(u -> ctx.put(Http.USER, u));
        if (PUBLIC.contains(route)) {
            ctx.next();
        } else if (user.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"jaga\"");
            fail(ctx, 401, "unauthenticated", "sign in first (POST /api/session) and send the token as 'Authorization: Bearer ...'");
        } else if (crossSite(ctx)) {
            fail(ctx, 403, "cross-site", "a request sent with the session cookie must come from the controller's own pages");
        } else if (user.get().mustChangePassword() && !BEFORE_PASSWORD_CHANGE.contains(route)) {
            fail(ctx, 403, "password-change-required", "change the one-time password first (POST /api/me/password)");
        } else {
            ctx.next();
        }
    }

    /** The session token: the bearer token if one is sent, else the session cookie's. */
    static String token(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.startsWith(BEARER)) {
            return header.substring(BEARER.length()).strip();
        }
        Cookie cookie = ctx.request().getCookie(COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    /**
     * A change sent with the cookie from another site's page. The cookie is SameSite=Strict, which
     * browsers already keep from cross-site requests; the Origin check holds where one does not.
     */
    private static boolean crossSite(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String origin = ctx.request().getHeader("Origin");
        boolean safe = ctx.request().method() == HttpMethod.GET || ctx.request().method() == HttpMethod.HEAD;
        if (safe || origin == null || (header != null && header.startsWith(BEARER))) {
            return false;
        }
        String host = ctx.request().authority() == null ? null : ctx.request().authority().toString();
        return host == null || !(origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private void signIn(RoutingContext ctx) {
        body(ctx).ifPresent(body -> {
            try {
                Accounts.Session session = accounts.signIn(text(body, "name"), text(body, "password"), Http.address(ctx));
                Map<String, Object> m = me(session.user());
                m.put("token", session.token());
                m.put("expiresAt", session.expiresAt());
                ctx.response().addCookie(Cookie.cookie(COOKIE, session.token()).setPath("/").setHttpOnly(true)
                        .setSecure(ctx.request().isSSL()).setSameSite(CookieSameSite.STRICT).setMaxAge(sessionTimeout.toSeconds()));
                send(ctx, 200, m);
            } catch (AccountException e) {
                answer(ctx, e);
            } catch (SQLException e) {
                Http.unavailable(ctx, e);
            }
        });
    }

    private void signOut(RoutingContext ctx) {
        try {
            accounts.signOut(token(ctx));
            ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setHttpOnly(true)
                    .setSameSite(CookieSameSite.STRICT).setMaxAge(0));
            ctx.response().setStatusCode(204).end();
        } catch (SQLException e) {
            Http.unavailable(ctx, e);
        }
    }

    private void changePassword(RoutingContext ctx) {
        User user = Http.user(ctx).orElseThrow();
        body(ctx).ifPresent(body -> {
            try {
                accounts.changePassword(user.name(), text(body, "current"), text(body, "password"));
                audit.append("account", "password-changed", user.name(), user.name(), null);
                ctx.response().setStatusCode(204).end();
            } catch (AccountException e) {
                answer(ctx, e);
            } catch (SQLException e) {
                Http.unavailable(ctx, e);
            }
        });
    }

    private void listUsers(RoutingContext ctx) {
        Http.permitted(ctx, Permission.MANAGE_USERS).ifPresent(admin -> {
            try {
                List<Map<String, Object>> users = accounts.list().stream().map(AccountRoutes::me).toList();
                send(ctx, 200, Map.of("users", users));
            } catch (SQLException e) {
                Http.unavailable(ctx, e);
            }
        });
    }

    private void createUser(RoutingContext ctx) {
        Optional<User> admin = Http.permitted(ctx, Permission.MANAGE_USERS);
        admin.flatMap(a -> body(ctx)).ifPresent(body -> {
            Optional<Role> role = Role.fromWire(text(body, "role"));
            if (role.isEmpty()) {
                fail(ctx, 400, "invalid", "role must be viewer, operator, security-officer or admin", "role");
                return;
            }
            try {
                User created = accounts.create(text(body, "name"), text(body, "password"), role.get());
                audit.append("account", "user-created", admin.get().name(), created.name(), "role " + created.role().wire());
                send(ctx, 201, me(created));
            } catch (AccountException e) {
                answer(ctx, e);
            } catch (SQLException e) {
                Http.unavailable(ctx, e);
            }
        });
    }

    private void deleteUser(RoutingContext ctx) {
        Http.permitted(ctx, Permission.MANAGE_USERS).ifPresent(admin -> {
            String name = ctx.pathParam("name");
            if (name.equals(admin.name())) {
                fail(ctx, 409, "conflict", "an admin cannot delete their own account");
                return;
            }
            try {
                accounts.delete(name);
                audit.append("account", "user-deleted", admin.name(), name, null);
                ctx.response().setStatusCode(204).end();
            } catch (AccountException e) {
                answer(ctx, e);
            } catch (SQLException e) {
                Http.unavailable(ctx, e);
            }
        });
    }

    private void resetPassword(RoutingContext ctx) {
        Http.permitted(ctx, Permission.MANAGE_USERS).ifPresent(admin -> {
            try {
                String password = accounts.resetPassword(ctx.pathParam("name"));
                audit.append("account", "password-reset", admin.name(), ctx.pathParam("name"), "a one-time password was issued");
                send(ctx, 200, Map.of("name", ctx.pathParam("name"), "oneTimePassword", password));
            } catch (AccountException e) {
                answer(ctx, e);
            } catch (SQLException e) {
                Http.unavailable(ctx, e);
            }
        });
    }

    private static Map<String, Object> me(User user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", user.name());
        m.put("role", user.role().wire());
        m.put("permissions", user.role().permissions().stream().map(p -> p.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-')).toList());
        m.put("mustChangePassword", user.mustChangePassword());
        return m;
    }

    private static void answer(RoutingContext ctx, AccountException e) {
        int status = switch (e.code()) {
            case "bad-credentials" -> 401;
            case "too-many-attempts" -> 429;
            case "not-found" -> 404;
            case "conflict" -> 409;
            default -> 400;
        };
        if (e.retryAfter() != null) {
            ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        fail(ctx, status, e.code(), e.getMessage(), e.field());
    }
}
