package id.jaga.controller.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Storage;
import id.jaga.controller.HandClock;
import id.jaga.controller.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hash chain on H2: whatever is edited, deleted or reordered in the table is found. */
class AuditLogTest {
    @TempDir
    Path keys;
    private final HandClock clock = new HandClock(Instant.parse("2026-11-22T03:00:00Z"));
    private Database db;
    private AuditLog log;
    private AuditSigner signer;
    private AuditVerifier verifier;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        log = new AuditLog(db, clock);
        signer = new AuditSigner(log, keys, clock);
        verifier = new AuditVerifier(log, signer);
        for (int i = 1; i <= 6; i++) {
            clock.advance(Duration.ofMinutes(1));
            log.append("security", "door-opened", "badge:04" + i, "door-main", "opened after badge " + i);
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    @Test
    void anUntouchedChainVerifies() throws SQLException {
        AuditVerifier.Result r = verifier.verify();
        assertTrue(r.ok(), r.problem());
        assertEquals(6, r.checked());
    }

    @Test
    void anEditedRecordIsFound() throws SQLException {
        sql("UPDATE audit_record SET actor = 'badge:0999' WHERE seq = 3");
        AuditVerifier.Result r = verifier.verify();
        assertFalse(r.ok());
        assertEquals(3L, r.firstBadSeq());
        assertTrue(r.problem().contains("was changed"), r.problem());
    }

    @Test
    void aDeletedRecordIsFound() throws SQLException {
        sql("DELETE FROM audit_record WHERE seq = 4");
        AuditVerifier.Result r = verifier.verify();
        assertEquals(4L, r.firstBadSeq());
        assertTrue(r.problem().contains("missing"), r.problem());
    }

    @Test
    void reorderedRecordsAreFound() throws SQLException {
        sql("UPDATE audit_record SET seq = 100 WHERE seq = 2");
        sql("UPDATE audit_record SET seq = 2 WHERE seq = 5");
        sql("UPDATE audit_record SET seq = 5 WHERE seq = 100");
        AuditVerifier.Result r = verifier.verify();
        assertFalse(r.ok());
        assertEquals(2L, r.firstBadSeq());
    }

    @Test
    void aRecordRewrittenWithARecomputedChainIsCaughtByTheSignedCheckpoint() throws SQLException {
        signer.checkpoint();
        // A forger with database access rewrites record 6 and recomputes its hash: the chain alone looks fine.
        AuditRecord last = log.records(null, null, 100).get(5);
        AuditRecord forged = new AuditRecord(6, last.ts(), last.category(), last.type(), "badge:0001", last.subject(),
                last.detail(), last.agentTs(), last.prevHash(), null).sealed();
        sql("UPDATE audit_record SET actor = 'badge:0001', hash = '" + forged.hash() + "' WHERE seq = 6");

        AuditVerifier.Result r = verifier.verify();
        assertFalse(r.ok());
        assertTrue(r.problem().contains("differs from the signed checkpoint"), r.problem());
    }

    @Test
    void aTailCutOffAfterACheckpointIsFound() throws SQLException {
        signer.checkpoint();
        sql("DELETE FROM audit_record WHERE seq >= 5");
        AuditVerifier.Result r = verifier.verify();
        assertFalse(r.ok());
        assertTrue(r.problem().contains("is gone"), r.problem());
    }

    @Test
    void retentionDeletesOldRecordsAndSaysSoWhileTheRestStillVerifies() throws SQLException {
        int deleted = log.deleteBefore(Instant.parse("2026-11-22T03:03:30Z"), "retention");
        assertEquals(3, deleted);
        AuditRecord note = log.head().orElseThrow();
        assertEquals("retention-deleted", note.type());
        assertEquals(7, note.seq());
        assertTrue(verifier.verify().ok(), verifier.verify().problem());
    }

    @Test
    void theSigningKeyIsMadeOnceAndOnlyItsOwnerCanReadIt() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("audit-signing.key"))));
        AuditSigner again = new AuditSigner(log, keys, clock);
        assertEquals(signer.publicKey(), again.publicKey());
        AuditSigner.Checkpoint cp = signer.checkpoint().orElseThrow();
        assertTrue(again.valid(cp), "checkpoints stay valid after a restart");
    }
}
