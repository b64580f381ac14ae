package id.jaga.controller.broker;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes as Mosquitto 2 writes and reads them ({@code mosquitto_passwd}):
 * {@code $7$<iterations>$<base64 salt>$<base64 hash>}, PBKDF2 with HMAC-SHA512 over the password's
 * bytes and the 12 raw salt bytes, 64 bytes of output. Computed here so that {@code jaga broker-config}
 * needs no Mosquitto on the machine that runs it, and no password on a command line.
 */
final class MosquittoPasswords {
    /** What mosquitto_passwd 2.0 uses; the derived agent passwords carry 256 bits, so stretching adds nothing. */
    static final int ITERATIONS = 101;
    private static final int SALT_BYTES = 12;
    private static final int HASH_BYTES = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private MosquittoPasswords() {
    }

    /** A fresh salted hash of {@code password}, for one line {@code user:hash} of a password file. */
    static String hash(byte[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return hash(password, salt, ITERATIONS);
    }

    static String hash(byte[] password, byte[] salt, int iterations) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "$7$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(pbkdf2(password, salt, iterations));
    }

    /** The JDK's PBKDF2 takes characters and hashes their UTF-8 bytes: the bytes the password file holds. */
    private static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) {
        char[] chars = new String(password, StandardCharsets.UTF_8).toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is part of every JDK", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
