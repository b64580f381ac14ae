package id.jaga.controller.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the head of the audit chain with the controller's Ed25519 key (the JDK's own EdDSA). The
 * key pair is made on first start under the data folder, the private half readable by its owner
 * only. A checkpoint is what the NOC keeps: with the public key, anyone can later show that the
 * chain up to it has not been rewritten.
 */
public final class AuditSigner {
    private static final Logger LOG = LoggerFactory.getLogger(AuditSigner.class);
    private final AuditLog log;
    private final Clock clock;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    /** A signed chain head. */
    public record Checkpoint(long seq, String hash, Instant ts, String signature) {
        String signed() {
            return seq + ":" + hash + ":" + ts;
        }
    }

    public AuditSigner(AuditLog log, Path keyDir, Clock clock) {
        this.log = log;
        this.clock = clock;
        KeyPair pair = loadOrCreate(keyDir);
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
    }

    /** Signs the current head if it moved since the last checkpoint; returns the new checkpoint. */
    public synchronized Optional<Checkpoint> checkpoint() throws SQLException {
        Optional<AuditRecord> head = log.head();
        if (head.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = log.database().connection()) {
            Optional<Checkpoint> last = latest(c);
            if (last.isPresent() && last.get().seq() == head.get().seq()) {
                return Optional.empty();
            }
            Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            Checkpoint unsigned = new Checkpoint(head.get().seq(), head.get().hash(), now, null);
            Checkpoint cp = new Checkpoint(unsigned.seq(), unsigned.hash(), now, sign(unsigned.signed()));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_checkpoint (seq, hash, ts, signature) VALUES (?,?,?,?)")) {
                ps.setLong(1, cp.seq());
                ps.setString(2, cp.hash());
                ps.setTimestamp(3, Timestamp.from(cp.ts()));
                ps.setString(4, cp.signature());
                ps.executeUpdate();
            }
            return Optional.of(cp);
        }
    }

    Optional<Checkpoint> latest(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash, ts, signature FROM audit_checkpoint ORDER BY seq DESC")) {
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Checkpoint(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4))) : Optional.empty();
            }
        }
    }

    /** The signed checkpoints at records {@code from} to {@code to}: what proves an exported range. */
    public List<Checkpoint> between(long from, long to) throws SQLException {
        try (Connection c = log.database().connection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, hash, ts, signature FROM audit_checkpoint"
                     + " WHERE seq BETWEEN ? AND ? ORDER BY seq")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            List<Checkpoint> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Checkpoint(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4)));
                }
            }
            return out;
        }
    }

    boolean valid(Checkpoint cp) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(cp.signed().getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(cp.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The public key, X.509 encoded in Base64, to check checkpoints with. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    private String sign(String text) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair loadOrCreate(Path dir) {
        Path priv = dir.resolve("audit-signing.key");
        Path pub = dir.resolve("audit-signing.pub");
        try {
            KeyFactory keys = KeyFactory.getInstance("Ed25519");
            if (Files.exists(priv) && Files.exists(pub)) {
                return new KeyPair(keys.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(Files.readString(pub).strip()))),
                        keys.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(Files.readString(priv).strip()))));
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.createDirectories(dir);
            Files.writeString(pub, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n");
            Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(priv, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n");
            LOG.info("created the audit signing key in {}", dir);
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the audit signing key in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("bad audit signing key in " + dir + ": " + e.getMessage(), e);
        }
    }
}
