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
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in, sign-out, one's own password, and (for admins) users. Every other route needs a valid
 * bearer token; a user holding a one-time password may do nothing but change it.
 */
final class AccountRoutes {
    private static final String BEARER = "Bearer ";
    /** What a request without a sign-in may reach. */
    private static final Set<String> PUBLIC = Set.of("POST /api/session", "GET /api/health");
    /** What a user who must change their password may still reach. */
    private static final Set<String> BEFORE_PASSWORD_CHANGE = Set.of("POST /api/me/password", "GET /api/me",
            "DELETE /api/session");

    private final Accounts accounts;
    private final AuditLog audit;

    AccountRoutes(Accounts accounts, AuditLog audit) {
        this.accounts = accounts;
        this.audit = audit;
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
        String header = ctx.request().getHeader("Authorization");
        Optional<User> user = Optional.empty();
        if (header != null && header.startsWith(BEARER)) {
            try {
                user = accounts.authenticate(header.substring(BEARER.length()).strip());
            } catch (SQLException e) {
                fail(ctx, 503, "storage-unavailable", e.getMessage());
                return;
            }
        }
        user.ifPresent(u -> ctx.put(Http.USER, u));
        if (PUBLIC.contains(route)) {
            ctx.next();
        } else if (user.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"jaga\"");
            fail(ctx, 401, "unauthenticated", "sign in first (POST /api/session) and send the token as 'Authorization: Bearer ...'");
        } else if (user.get().mustChangePassword() && !BEFORE_PASSWORD_CHANGE.contains(route)) {
            fail(ctx, 403, "password-change-required", "change the one-time password first (POST /api/me/password)");
        } else {
            ctx.next();
        }
    }

    private void signIn(RoutingContext ctx) {
        body(ctx).ifPresent(body -> {
            try {
                Accounts.Session session = accounts.signIn(text(body, "name"), text(body, "password"), Http.address(ctx));
                Map<String, Object> m = me(session.user());
                m.put("token", session.token());
                m.put("expiresAt", session.expiresAt());
                send(ctx, 200, m);
            } catch (AccountException e) {
                answer(ctx, e);
            } catch (SQLException e) {
                fail(ctx, 503, "storage-unavailable", e.getMessage());
            }
        });
    }

    private void signOut(RoutingContext ctx) {
        try {
            accounts.signOut(ctx.request().getHeader("Authorization").substring(BEARER.length()).strip());
            ctx.response().setStatusCode(204).end();
        } catch (SQLException e) {
            fail(ctx, 503, "storage-unavailable", e.getMessage());
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
                fail(ctx, 503, "storage-unavailable", e.getMessage());
            }
        });
    }

    private void listUsers(RoutingContext ctx) {
        Http.permitted(ctx, Permission.MANAGE_USERS).ifPresent(admin -> {
            try {
                List<Map<String, Object>> users = accounts.list().stream().map(AccountRoutes::me).toList();
                send(ctx, 200, Map.of("users", users));
            } catch (SQLException e) {
                fail(ctx, 503, "storage-unavailable", e.getMessage());
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
                fail(ctx, 503, "storage-unavailable", e.getMessage());
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
                fail(ctx, 503, "storage-unavailable", e.getMessage());
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
                fail(ctx, 503, "storage-unavailable", e.getMessage());
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
