package id.jaga.sensors.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import id.jaga.config.Agent;
import id.jaga.config.SiteConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes agent keys: {@code ./jaga keys new}, and the demo and simulator for their own agents. A new
 * key is appended to the agent's key file (created owner-only), so the keys before it stay valid
 * until removed.
 */
public final class AgentKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HEADER = "# jaga agent message keys, oldest first: <key-id> <secret in hex>. Keep secret.\n";

    private AgentKeys() {
    }

    /** Appends a fresh 256-bit key to {@code file} and returns its id ({@code k1}, {@code k2}, ...). */
    public static synchronized String append(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            int next = 1;
            if (Files.exists(file)) {
                AgentKeyRing ring = AgentKeyRing.read(file);
                while (ring.has("k" + next)) {
                    next++;
                }
            } else {
                Files.createFile(file);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the key is as private as its folder
                }
                Files.writeString(file, HEADER, StandardCharsets.UTF_8);
            }
            byte[] secret = new byte[AgentKeyRing.MIN_KEY_BYTES];
            RANDOM.nextBytes(secret);
            String id = "k" + next;
            Files.writeString(file, id + " " + HexFormat.of().formatHex(secret) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Keeps only the newest key of the file (atomically, owner-only): the keys before it stop being
     * accepted. Returns how many were removed.
     */
    public static synchronized int retireAllButNewest(Path file) {
        AgentKeyRing ring = AgentKeyRing.read(file);
        try {
            String newest = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.strip().startsWith(ring.newestId() + " ")).findFirst().orElseThrow();
            Path fresh = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".new");
            try {
                Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the key is as private as its folder
            }
            Files.writeString(fresh, HEADER + newest.strip() + "\n", StandardCharsets.UTF_8);
            Files.move(fresh, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return ring.ids().size() - 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite key file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The site with a message key for every agent: its {@code keyFile}, made if missing, or else
     * {@code <dir>/<agent>.keys}. For the demo, simulations and tests, which provision their own agents.
     */
    public static SiteConfig provision(SiteConfig site, Path dir) {
        return site.withAgents(site.agents().stream().map(agent -> {
            Path file = agent.keyFile() != null ? Path.of(agent.keyFile()) : dir.resolve(agent.id() + ".keys");
            ensure(file);
            return agent.withKeyFile(file.toString());
        }).toList());
    }

    /** The key file exists and holds a key, else one is made: for the demo and simulations. */
    public static void ensure(Path file) {
        if (!Files.exists(file)) {
            append(file);
        }
    }
}
