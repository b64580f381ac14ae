package id.jaga.controller.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Walks the audit chain from its anchor and reports the first record that is not what was written:
 * changed (its hash does not match its fields), missing (a gap in the sequence), or out of place
 * (it does not follow the hash of the record before it); then checks the newest signed checkpoint
 * against the chain, which catches a rewritten or cut-off tail.
 */
public final class AuditVerifier {
    private final AuditLog log;
    private final AuditSigner signer;

    public AuditVerifier(AuditLog log, AuditSigner signer) {
        this.log = log;
        this.signer = signer;
    }

    /** The outcome: {@code ok}, how many records were checked, and the first problem found. */
    public record Result(boolean ok, long checked, Long firstBadSeq, String problem, Long signedHeadSeq) {
    }

    public AuditSigner signer() {
        return signer;
    }

    public Result verify() throws SQLException {
        try (Connection c = log.database().connection()) {
            AuditLog.Anchor anchor = log.anchor(c);
            List<AuditRecord> records = log.all(c);
            long expectedSeq = anchor.firstSeq();
            String prevHash = anchor.prevHash();
            long checked = 0;
            for (AuditRecord r : records) {
                if (r.seq() != expectedSeq) {
                    return new Result(false, checked, expectedSeq, "record " + expectedSeq + " is missing (next present: " + r.seq() + ")",
                            null);
                }
                if (!r.prevHash().equals(prevHash)) {
                    return new Result(false, checked, r.seq(), "record " + r.seq() + " does not follow record " + (r.seq() - 1)
                            + ": its previous hash differs (a record was removed, inserted or moved)", null);
                }
                if (!r.expectedHash().equals(r.hash())) {
                    return new Result(false, checked, r.seq(), "record " + r.seq() + " was changed: its fields no longer match its hash",
                            null);
                }
                prevHash = r.hash();
                expectedSeq++;
                checked++;
            }
            Optional<AuditSigner.Checkpoint> signed = signer.latest(c);
            if (signed.isPresent()) {
                AuditSigner.Checkpoint cp = signed.get();
                if (!signer.valid(cp)) {
                    return new Result(false, checked, cp.seq(), "the checkpoint at record " + cp.seq() + " has a bad signature", cp.seq());
                }
                Optional<AuditRecord> atCheckpoint = records.stream().filter(r -> r.seq() == cp.seq()).findFirst();
                if (atCheckpoint.isEmpty() && cp.seq() >= anchor.firstSeq()) {
                    return new Result(false, checked, cp.seq(), "record " + cp.seq() + ", signed at a checkpoint, is gone (the log was cut"
                            + " short)", cp.seq());
                }
                if (atCheckpoint.isPresent() && !atCheckpoint.get().hash().equals(cp.hash())) {
                    return new Result(false, checked, cp.seq(), "record " + cp.seq() + " differs from the signed checkpoint (the chain"
                            + " was rewritten from there)", cp.seq());
                }
                return new Result(true, checked, null, null, cp.seq());
            }
            return new Result(true, checked, null, null, null);
        }
    }
}
