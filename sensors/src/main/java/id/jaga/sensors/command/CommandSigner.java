package id.jaga.sensors.command;

import id.jaga.sensors.wire.AllowList;
import id.jaga.sensors.wire.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies commands (and allow-lists) with HMAC-SHA256 and the agent's own key, shared by the controller
 * (which signs) and the agent (which verifies). The signature covers an unambiguous rendering of
 * every field but the signature itself, so no field can be changed or moved into another.
 */
public final class CommandSigner {
    /** Shorter keys are refused: HMAC-SHA256 wants at least 256 bits. */
    public static final int MIN_KEY_BYTES = 32;
    private final SecretKeySpec key;

    public CommandSigner(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a command key needs at least " + MIN_KEY_BYTES + " bytes, this one has " + key.length);
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** Reads a key file: the key as text, e.g. made with {@code openssl rand -base64 48}. */
    public static CommandSigner fromKeyFile(Path file) {
        try {
            return new CommandSigner(Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read command key file " + file, e);
        }
    }

    public Command sign(Command c) {
        return new Command(c.schema(), c.id(), c.agent(), c.action(), c.args(), c.issued(), c.expires(), signature(c));
    }

    public boolean verifies(Command c) {
        if (c.signature() == null) {
            return false;
        }
        byte[] expected = signature(c).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, c.signature().getBytes(StandardCharsets.US_ASCII));
    }

    public AllowList sign(AllowList list) {
        return list.withSignature(hmac(canonical(list)));
    }

    public boolean verifies(AllowList list) {
        return list.signature() != null && MessageDigest.isEqual(hmac(canonical(list)).getBytes(StandardCharsets.US_ASCII),
                list.signature().getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(Command c) {
        return hmac(canonical(c));
    }

    private String hmac(String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Same length:value rendering, under its own prefix so a list can never pass for a command. */
    static String canonical(AllowList list) {
        StringBuilder b = new StringBuilder("jaga-allow-list-v1;");
        for (String field : new String[] {list.agent(), list.issued().toString(), list.validUntil().toString()}) {
            append(b, field);
        }
        for (AllowList.Entry e : list.entries()) {
            for (String field : new String[] {e.reader(), e.badge(), e.person() == null ? "" : e.person(),
                    e.from().toString(), e.to().toString()}) {
                append(b, field);
            }
        }
        return b.toString();
    }

    /** Each field as length:value, args sorted by key: no two different commands render alike. */
    static String canonical(Command c) {
        StringBuilder b = new StringBuilder("jaga-command-v1;");
        for (String field : new String[] {c.id(), c.agent(), c.action(), c.issued().toString(), c.expires().toString()}) {
            append(b, field);
        }
        for (Map.Entry<String, String> arg : new TreeMap<>(c.args()).entrySet()) {
            append(b, arg.getKey());
            append(b, arg.getValue());
        }
        return b.toString();
    }

    private static void append(StringBuilder b, String s) {
        b.append(s.length()).append(':').append(s).append(';');
    }
}
