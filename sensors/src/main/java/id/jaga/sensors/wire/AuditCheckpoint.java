package id.jaga.sensors.wire;

import java.time.Instant;

/**
 * The head of the controller's audit chain, signed with its Ed25519 key: record {@code seq} has
 * hash {@code hash}. {@code signature} (Base64) is over {@code "seq:hash:ts"}; {@code publicKey}
 * (Base64 X.509) checks it. A NOC that keeps these can later prove the log was not rewritten.
 */
public record AuditCheckpoint(Integer schema, String site, Long seq, String hash, Instant ts, String signature,
                              String publicKey) {
    public AuditCheckpoint {
        Wire.checkSchema(schema);
        WireException.require(site, "site");
        WireException.require(seq, "seq");
        WireException.require(hash, "hash");
        WireException.require(ts, "ts");
        WireException.require(signature, "signature");
        WireException.require(publicKey, "publicKey");
    }
}
