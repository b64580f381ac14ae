package id.jaga.controller.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Storage;
import id.jaga.controller.HandClock;
import id.jaga.controller.storage.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Local users on H2 with a clock moved by hand: first-start admin, hashing, session expiry, guessing limits. */
class AccountsTest {
    private final HandClock clock = new HandClock(Instant.parse("2026-11-22T03:00:00Z"));
    private Database db;
    private Accounts accounts;

    @BeforeEach
    void open() {
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        accounts = new Accounts(db, clock, Duration.ofHours(8));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theFirstStartCreatesOneAdminWithARandomPasswordThatMustBeChanged() throws Exception {
        String first = accounts.createFirstAdmin().orElseThrow();
        assertEquals(Optional.empty(), accounts.createFirstAdmin(), "only on the very first start");
        assertTrue(first.length() >= 20);

        Accounts.Session session = accounts.signIn("admin", first, "10.0.0.5");
        assertTrue(session.user().mustChangePassword());
        accounts.changePassword("admin", first, "a long admin passphrase");
        assertFalse(accounts.find("admin").orElseThrow().mustChangePassword());

        Database other = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        try {
            assertNotEquals(first, new Accounts(other, clock, Duration.ofHours(8)).createFirstAdmin().orElseThrow(),
                    "never a fixed default");
        } finally {
            other.close();
        }
    }

    @Test
    void neitherPasswordsNorTokensAreStoredAsThemselves() throws Exception {
        accounts.create("budi", "correct horse battery", Role.OPERATOR);
        String token = accounts.signIn("budi", "correct horse battery", "10.0.0.5").token();
        List<String> stored = new ArrayList<>();
        try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT password_hash FROM app_user UNION ALL SELECT token_hash FROM user_session")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        assertTrue(stored.get(0).startsWith("$2b$12$"), "bcrypt, cost 12: " + stored.get(0));
        assertFalse(stored.contains(token));
        assertFalse(String.join(" ", stored).contains("correct horse battery"));
    }

    @Test
    void aSessionEndsAtItsExpiry() throws Exception {
        accounts.create("budi", "correct horse battery", Role.OPERATOR);
        String token = accounts.signIn("budi", "correct horse battery", "10.0.0.5").token();
        clock.advance(Duration.ofHours(8).minusSeconds(1));
        assertEquals("budi", accounts.authenticate(token).orElseThrow().name());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), accounts.authenticate(token));
        assertEquals(1, accounts.purgeExpired());
    }

    @Test
    void fiveWrongPasswordsLockTheNameForFifteenMinutes() throws Exception {
        accounts.create("budi", "correct horse battery", Role.OPERATOR);
        for (int i = 0; i < SignInGuard.LIMIT; i++) {
            assertEquals("bad-credentials", assertThrows(AccountException.class,
                    () -> accounts.signIn("budi", "guess", "10.0.0.9")).code());
        }
        AccountException locked = assertThrows(AccountException.class,
                () -> accounts.signIn("budi", "correct horse battery", "10.0.0.5"));
        assertEquals("too-many-attempts", locked.code());
        assertEquals(SignInGuard.WINDOW, locked.retryAfter());

        clock.advance(SignInGuard.WINDOW);
        assertEquals("budi", accounts.signIn("budi", "correct horse battery", "10.0.0.5").user().name());
    }

    @Test
    void anUnknownNameFailsLikeAWrongPassword() throws SQLException {
        AccountException e = assertThrows(AccountException.class, () -> accounts.signIn("nobody", "whatever", "10.0.0.5"));
        assertEquals("bad-credentials", e.code());
    }

    @Test
    void namesAndPasswordsAreChecked() throws Exception {
        assertEquals("name", assertThrows(AccountException.class,
                () -> accounts.create("Budi Santoso", "correct horse battery", Role.VIEWER)).field());
        assertEquals("password", assertThrows(AccountException.class, () -> accounts.create("budi", "short", Role.VIEWER)).field());
        accounts.create("budi", "correct horse battery", Role.VIEWER);
        assertEquals("conflict", assertThrows(AccountException.class,
                () -> accounts.create("budi", "correct horse battery", Role.VIEWER)).code());
    }

    @Test
    void rolesGrantTheLeastEachNeeds() {
        assertFalse(Role.VIEWER.may(Permission.HANDLE_ALARMS));
        assertTrue(Role.OPERATOR.may(Permission.HANDLE_ALARMS));
        assertFalse(Role.OPERATOR.may(Permission.VIEW_SECURITY_LOG));
        assertTrue(Role.SECURITY_OFFICER.may(Permission.VIEW_SECURITY_LOG));
        assertFalse(Role.SECURITY_OFFICER.may(Permission.MANAGE_USERS));
        assertTrue(Role.ADMIN.may(Permission.MANAGE_USERS));
    }
}
