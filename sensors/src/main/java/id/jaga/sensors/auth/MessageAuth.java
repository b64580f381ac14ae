package id.jaga.sensors.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates an agent's MQTT messages end to end: HMAC-SHA256 with the agent's own key over the
 * exact payload bytes, carried in the MQTT 5 user property {@value #PROPERTY} as
 * {@code hmac-sha256:<key-id>:<64 hex digits>}. The payload stays as it was, so what the controller
 * stores is what the agent signed; {@code openssl dgst -sha256 -mac HMAC -macopt hexkey:...}
 * computes the same digits (docs/protocol.md).
 */
public final class MessageAuth {
    public static final String PROPERTY = "jaga-auth";
    static final String ALGORITHM = "HmacSHA256";
    private static final String SCHEME = "hmac-sha256";
    private static final int MAC_HEX = 64;
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    });

    private MessageAuth() {
    }

    /** The property value that authenticates {@code payload} as sent by the ring's agent, with its newest key. */
    public static String sign(AgentKeyRing ring, byte[] payload) {
        return SCHEME + ":" + ring.newestId() + ":" + HexFormat.of().formatHex(mac(ring.newestKey(), payload));
    }

    /** Why a message is not authentic; {@code null} from {@link #verify} means it is. */
    public enum Failure {
        /** No authentication property at all. */
        UNSIGNED("unsigned"),
        /** A property that does not prove the payload: malformed, truncated, unknown key, wrong digits. */
        BAD_SIGNATURE("bad-signature");

        private final String reason;

        Failure(String reason) {
            this.reason = reason;
        }

        /** The rejection reason counted and logged by the controller. */
        public String reason() {
            return reason;
        }
    }

    /** The outcome and, on failure, what exactly was wrong (never the secret nor the expected digits). */
    public record Verdict(Failure failure, String detail, String keyId) {
        public boolean authentic() {
            return failure == null;
        }
    }

    /**
     * Checks the property against the payload with the keys of the agent named by the topic: a
     * message signed with another agent's key fails here, whatever its payload claims.
     */
    public static Verdict verify(AgentKeyRing ring, byte[] payload, String property) {
        if (property == null || property.isEmpty()) {
            return new Verdict(Failure.UNSIGNED, "no " + PROPERTY + " property", null);
        }
        int first = property.indexOf(':');
        int second = first < 0 ? -1 : property.indexOf(':', first + 1);
        if (second < 0 || !SCHEME.equals(property.substring(0, first))) {
            return new Verdict(Failure.BAD_SIGNATURE, "not of the form " + SCHEME + ":<key-id>:<hex>", null);
        }
        String keyId = property.substring(first + 1, second);
        String digits = property.substring(second + 1);
        if (digits.length() != MAC_HEX) {
            return new Verdict(Failure.BAD_SIGNATURE, "the MAC has " + digits.length() + " hex digits, not " + MAC_HEX
                    + (digits.length() < MAC_HEX ? " (truncated)" : ""), keyId);
        }
        SecretKeySpec key = ring.key(keyId);
        if (key == null) {
            return new Verdict(Failure.BAD_SIGNATURE, "no key '" + keyId + "' for this agent", keyId);
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            return new Verdict(Failure.BAD_SIGNATURE, "the MAC is not hex", keyId);
        }
        if (!MessageDigest.isEqual(claimed, mac(key, payload))) {
            return new Verdict(Failure.BAD_SIGNATURE, "the MAC does not match the payload under key '" + keyId + "'", keyId);
        }
        return new Verdict(null, null, keyId);
    }

    /** The key id a property names, or null when it names none (for a reload on an unknown key). */
    public static String keyIdOf(String property) {
        if (property == null) {
            return null;
        }
        String[] parts = property.split(":", 3);
        return parts.length == 3 ? parts[1] : null;
    }

    /**
     * The agent's MQTT password, derived from its newest key under a label of its own: the broker
     * learns a value that cannot sign a message, and the agent needs no second secret.
     */
    public static String brokerPassword(AgentKeyRing ring) {
        return HexFormat.of().formatHex(mac(ring.newestKey(), "jaga-broker-password-v1".getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] mac(SecretKeySpec key, byte[] payload) {
        Mac mac = MACS.get();
        try {
            mac.init(key);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("an HMAC key of any length is valid", e);
        }
        return mac.doFinal(payload);
    }
}
