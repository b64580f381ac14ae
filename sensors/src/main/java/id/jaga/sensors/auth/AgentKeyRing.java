package id.jaga.sensors.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * The message keys of one agent, from its key file: one key a line, {@code <key-id> <secret in hex>},
 * oldest first; {@code #} starts a comment. The agent signs with the newest (the last line); the
 * controller accepts any line, so a key can be replaced without a moment in which the agent's queued
 * messages are refused (add the new key on the controller's side first, then on the agent's).
 * The secret is never part of {@link #toString()}, a log line or an error.
 */
public final class AgentKeyRing {
    /** HMAC-SHA256 wants a key at least as long as its output. */
    public static final int MIN_KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private final Path file;
    private final Map<String, SecretKeySpec> keys;
    private final List<String> order;
    private final String newest;

    private AgentKeyRing(Path file, Map<String, SecretKeySpec> keys, List<String> order) {
        this.file = file;
        this.keys = Map.copyOf(keys);
        this.order = List.copyOf(order);
        this.newest = order.get(order.size() - 1);
    }

    /** Reads a key file; every problem is a {@link KeyFileException} naming the file and, where it applies, the line. */
    public static AgentKeyRing read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new KeyFileException(file + ": key file does not exist (make one with ./jaga keys new)");
        } catch (AccessDeniedException e) {
            throw new KeyFileException(file + ": key file cannot be read: permission denied");
        } catch (IOException e) {
            throw new KeyFileException(file + ": key file cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new KeyFileException(where + "expected '<key-id> <secret in hex>'");
            }
            if (!KEY_ID.matcher(parts[0]).matches()) {
                throw new KeyFileException(where + "key id must be 1-32 letters, digits, '.', '_' or '-'");
            }
            byte[] secret;
            try {
                secret = HexFormat.of().parseHex(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new KeyFileException(where + "key " + parts[0] + ": the secret is not hex");
            }
            if (secret.length < MIN_KEY_BYTES) {
                throw new KeyFileException(where + "key " + parts[0] + " is too short: " + secret.length
                        + " bytes, at least " + MIN_KEY_BYTES + " needed");
            }
            if (keys.put(parts[0], new SecretKeySpec(secret, MessageAuth.ALGORITHM)) != null) {
                throw new KeyFileException(where + "key id " + parts[0] + " appears twice");
            }
        }
        if (keys.isEmpty()) {
            throw new KeyFileException(file + ": key file holds no key (make one with ./jaga keys new)");
        }
        return new AgentKeyRing(file, keys, List.copyOf(keys.keySet()));
    }

    /** The id of the key this agent signs with. */
    public String newestId() {
        return newest;
    }

    SecretKeySpec newestKey() {
        return keys.get(newest);
    }

    /** The key of that id, or null when this ring has none. */
    SecretKeySpec key(String id) {
        return keys.get(id);
    }

    /** The key ids, oldest first. */
    public List<String> ids() {
        return order;
    }

    public boolean has(String id) {
        return keys.containsKey(id);
    }

    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "AgentKeyRing[" + file + ", keys " + order + ", signing with " + newest + "]";
    }

    /** A key file that cannot be used; the message names the file (and line), never the secret. */
    public static final class KeyFileException extends IllegalArgumentException {
        public KeyFileException(String message) {
            super(message);
        }
    }
}
