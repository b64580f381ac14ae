package id.jaga.controller.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One record of the audit log: what happened ({@code category}: security, alarm, failover,
 * account, audit; {@code type}), who did it ({@code actor}), to what ({@code subject}), when, and
 * its place in the hash chain: {@code hash} covers every field and {@code prevHash}.
 */
public record AuditRecord(long seq, Instant ts, String category, String type, String actor, String subject, String detail,
                          Instant agentTs, String prevHash, String hash) {
    /** The previous hash of the very first record. */
    public static final String GENESIS = "0".repeat(64);

    /** The hash this record must carry, given its fields. */
    public String expectedHash() {
        StringBuilder b = new StringBuilder();
        for (String field : new String[] {Long.toString(seq), ts.toString(), category, type, actor, subject, detail,
                agentTs == null ? null : agentTs.toString(), prevHash}) {
            // length:value, so no two different records render alike; null differs from empty
            b.append(field == null ? "-1:" : field.length() + ":" + field).append(';');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    AuditRecord sealed() {
        AuditRecord unsealed = new AuditRecord(seq, ts, category, type, actor, subject, detail, agentTs, prevHash, null);
        return new AuditRecord(seq, ts, category, type, actor, subject, detail, agentTs, prevHash, unsealed.expectedHash());
    }
}
