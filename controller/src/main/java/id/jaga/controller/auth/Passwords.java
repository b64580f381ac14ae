package id.jaga.controller.auth;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** Password hashing with bcrypt (BouncyCastle): slow and salted, so a stolen table is expensive to crack. */
public final class Passwords {
    /** 2^12 rounds: about a quarter of a second on a small server, for each sign-in. */
    private static final int COST = 12;
    static final int MIN_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private Passwords() {
    }

    static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, COST);
    }

    /** Also for keypad PINs; a malformed hash matches nothing. */
    public static boolean matches(String hash, String password) {
        try {
            return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A password to hand out once; no look-alike characters, so it can be read off a console. */
    static String oneTime() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** Null if acceptable, else what is wrong with it. */
    static String weakness(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "a password needs at least " + MIN_LENGTH + " characters";
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
            return "a password may have at most 72 bytes"; // all bcrypt reads
        }
        return null;
    }
}
