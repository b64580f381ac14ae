package id.jaga.controller.auth;

import id.jaga.controller.storage.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local users and their sign-ins. Passwords are kept as bcrypt hashes and sessions as hashes of
 * random bearer tokens with an expiry, so neither a database dump nor a log signs anyone in.
 */
public final class Accounts {
    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{1,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final Clock clock;
    private final Duration sessionTimeout;
    private final SignInGuard guard;

    public Accounts(Database db, Clock clock, Duration sessionTimeout) {
        this.db = db;
        this.clock = clock;
        this.sessionTimeout = sessionTimeout;
        this.guard = new SignInGuard(clock);
    }

    /**
     * On a first start (no users at all) creates {@code admin} with a random one-time password, to be
     * changed at its first sign-in, and returns that password so it can be shown once.
     */
    public Optional<String> createFirstAdmin() throws SQLException {
        if (!list().isEmpty()) {
            return Optional.empty();
        }
        String password = Passwords.oneTime();
        insert("admin", Passwords.hash(password), Role.ADMIN, true);
        LOG.info("first start: created user 'admin' with a one-time password");
        return Optional.of(password);
    }

    /** A new user; the name is lowercase letters, digits, dot, dash or underscore. */
    public User create(String name, String password, Role role) throws SQLException, AccountException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new AccountException("invalid", "a user name is 2-64 lowercase letters, digits, '.', '_' or '-'", "name");
        }
        String weak = Passwords.weakness(password);
        if (weak != null) {
            throw new AccountException("invalid", weak, "password");
        }
        if (find(name).isPresent()) {
            throw new AccountException("conflict", "user '" + name + "' exists", "name");
        }
        insert(name, Passwords.hash(password), role, false);
        LOG.info("user '{}' created with role {}", name, role.wire());
        return new User(name, role, false);
    }

    public void delete(String name) throws SQLException, AccountException {
        if (update("DELETE FROM app_user WHERE name = ?", name) == 0) {
            throw new AccountException("not-found", "no user '" + name + "'", null);
        }
        LOG.info("user '{}' deleted", name);
    }

    public List<User> list() throws SQLException {
        List<User> users = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT name, role, must_change_password FROM app_user ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                users.add(new User(rs.getString(1), Role.valueOf(rs.getString(2)), rs.getBoolean(3)));
            }
        }
        return users;
    }

    /** A bearer token for the user if the password is right; failures are counted, logged and slowed down. */
    public Session signIn(String name, String password, String address) throws SQLException, AccountException {
        User user = check(name, password, address);
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        Instant expires = now.plus(sessionTimeout);
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO user_session (token_hash, user_name, created_at, expires_at)"
                     + " VALUES (?,?,?,?)")) {
            ps.setString(1, digest(token));
            ps.setString(2, name);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setTimestamp(4, Timestamp.from(expires));
            ps.executeUpdate();
        }
        LOG.info("'{}' signed in from {}", name, address);
        return new Session(token, user, expires);
    }

    /**
     * The user if the password is right, without a session: for a protocol that keeps its own (OPC UA).
     * Failures are counted, logged and slowed down as for {@link #signIn}.
     */
    public User check(String name, String password, String address) throws SQLException, AccountException {
        Duration wait = guard.wait(String.valueOf(name), address);
        if (!wait.isZero()) {
            LOG.warn("sign-in as '{}' from {} refused: too many failed attempts", name, address);
            throw new AccountException("too-many-attempts", "too many failed sign-ins; try again in "
                    + Math.max(1, wait.toSeconds()) + " s", null, wait);
        }
        Optional<String> hash = name == null ? Optional.empty() : passwordHash(name);
        // Check a hash even for an unknown name, so the answer's timing does not tell which names exist.
        boolean ok = Passwords.matches(hash.orElse(DUMMY_HASH), password == null ? "" : password) && hash.isPresent();
        if (!ok) {
            guard.failed(String.valueOf(name), address);
            LOG.warn("failed sign-in as '{}' from {}", name, address);
            throw new AccountException("bad-credentials", "wrong user name or password", null);
        }
        guard.succeeded(name);
        return find(name).orElseThrow();
    }

    /** The user a bearer token belongs to, while its session lasts. */
    public Optional<User> authenticate(String token) throws SQLException {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT u.name, u.role, u.must_change_password FROM user_session s"
                     + " JOIN app_user u ON u.name = s.user_name WHERE s.token_hash = ? AND s.expires_at > ?")) {
            ps.setString(1, digest(token));
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new User(rs.getString(1), Role.valueOf(rs.getString(2)), rs.getBoolean(3)))
                        : Optional.empty();
            }
        }
    }

    public void signOut(String token) throws SQLException {
        update("DELETE FROM user_session WHERE token_hash = ?", digest(token));
    }

    /** Replaces a password, given the current one. */
    public void changePassword(String name, String current, String replacement) throws SQLException, AccountException {
        Optional<String> hash = passwordHash(name);
        if (hash.isEmpty() || current == null || !Passwords.matches(hash.get(), current)) {
            throw new AccountException("bad-credentials", "the current password is wrong", "current");
        }
        String weak = Passwords.weakness(replacement);
        if (weak != null) {
            throw new AccountException("invalid", weak, "password");
        }
        if (replacement.equals(current)) {
            throw new AccountException("invalid", "the new password must differ from the current one", "password");
        }
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE app_user SET password_hash = ?, must_change_password = FALSE"
                     + " WHERE name = ?")) {
            ps.setString(1, Passwords.hash(replacement));
            ps.setString(2, name);
            ps.executeUpdate();
        }
        LOG.info("'{}' changed their password", name);
    }

    /**
     * An admin's reset of a forgotten password: a new one-time password, to be changed at the next
     * sign-in; the user's sessions end.
     */
    public String resetPassword(String name) throws SQLException, AccountException {
        String password = Passwords.oneTime();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE app_user SET password_hash = ?, must_change_password = TRUE"
                     + " WHERE name = ?")) {
            ps.setString(1, Passwords.hash(password));
            ps.setString(2, name);
            if (ps.executeUpdate() == 0) {
                throw new AccountException("not-found", "no user '" + name + "'", null);
            }
        }
        update("DELETE FROM user_session WHERE user_name = ?", name);
        LOG.info("password of '{}' reset to a one-time password", name);
        return password;
    }

    /** Drops expired sessions; run now and then. */
    public int purgeExpired() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM user_session WHERE expires_at <= ?")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            return ps.executeUpdate();
        }
    }

    public Optional<User> find(String name) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT name, role, must_change_password FROM app_user WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new User(rs.getString(1), Role.valueOf(rs.getString(2)), rs.getBoolean(3)))
                        : Optional.empty();
            }
        }
    }

    private Optional<String> passwordHash(String name) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM app_user WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private void insert(String name, String hash, Role role, boolean mustChange) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO app_user (name, password_hash, role, must_change_password,"
                     + " created_at) VALUES (?,?,?,?,?)")) {
            ps.setString(1, name);
            ps.setString(2, hash);
            ps.setString(3, role.name());
            ps.setBoolean(4, mustChange);
            ps.setTimestamp(5, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        }
    }

    private int update(String sql, String param) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            return ps.executeUpdate();
        }
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A hash of nothing anyone knows, checked for unknown names. */
    private static final String DUMMY_HASH = Passwords.hash(Passwords.oneTime());

    /** A signed-in session: the bearer token is shown to the client once and never stored. */
    public record Session(String token, User user, Instant expiresAt) {
    }
}
