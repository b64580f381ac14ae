package id.jaga.agent.access;

import id.jaga.sensors.command.CommandSigner;
import id.jaga.sensors.wire.AllowList;
import id.jaga.sensors.wire.Wire;
import id.jaga.sensors.wire.WireException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's offline allow-list: taken from the controller only when it is for this agent, signed
 * with the agent's key and newer than the one held; kept on disk so it outlives a restart, and
 * verified again when read back.
 */
final class AllowListStore {
    private static final Logger LOG = LoggerFactory.getLogger(AllowListStore.class);

    private final String agent;
    private final CommandSigner signer;
    private final Path file;
    private final AtomicLong refused = new AtomicLong();
    private volatile AllowList list;

    /** What the list says of a badge now: the entry that lets it in, or why not. */
    record Lookup(AllowList.Entry entry, String refusal) {
    }

    /** {@code signer} null: the agent has no usable key, so no list can be verified. Reads {@code file} at once. */
    AllowListStore(String agent, CommandSigner signer, Path file) {
        this.agent = agent;
        this.signer = signer;
        this.file = file;
        load();
    }

    Lookup lookup(String reader, String badge, Instant now) {
        AllowList held = list;
        if (held == null) {
            return new Lookup(null, "no offline allow-list");
        }
        if (!now.isBefore(held.validUntil())) {
            return new Lookup(null, "offline allow-list expired");
        }
        String hash = badge == null ? null : AllowList.badgeHash(badge);
        return held.entries().stream()
                .filter(e -> e.reader().equals(reader) && e.badge().toLowerCase(Locale.ROOT).equals(hash)
                        && !now.isBefore(e.from()) && now.isBefore(e.to()))
                .findFirst()
                .map(e -> new Lookup(e, null))
                .orElse(new Lookup(null, "not on the offline allow-list"));
    }

    /** A message of the access topic. */
    synchronized void received(byte[] payload, Instant now) {
        if (payload.length == 0) {
            LOG.debug("retained allow-list cleared; the one held stays in use");
            return;
        }
        AllowList incoming;
        try {
            incoming = Wire.decode(payload, AllowList.class);
        } catch (WireException e) {
            refuse("not an allow-list, " + e.reason() + ": " + e.getMessage());
            return;
        }
        String refusal = refusal(incoming);
        AllowList held = list;
        if (refusal == null && held != null && !incoming.issued().isAfter(held.issued())) {
            if (held.equals(incoming)) {
                return; // the retained list again, after a reconnect
            }
            refusal = "issued " + incoming.issued() + ", not after the list held (issued " + held.issued() + ")";
        }
        if (refusal != null) {
            refuse(refusal);
            return;
        }
        try {
            store(incoming);
        } catch (IOException e) {
            LOG.error("allow-list issued {} used but not kept: cannot write {}: {}", incoming.issued(), file, e.toString());
        }
        list = incoming;
        if (!now.isBefore(incoming.validUntil())) {
            LOG.warn("allow-list issued {} accepted, but it expired at {}: it lets nobody in", incoming.issued(), incoming.validUntil());
        } else {
            LOG.info("allow-list issued {} accepted: {} entries, valid until {}", incoming.issued(), incoming.entries().size(),
                    incoming.validUntil());
        }
    }

    /** Why a list must not be used, or null: it must be for this agent and signed with its key. */
    private String refusal(AllowList candidate) {
        if (!agent.equals(candidate.agent())) {
            return "addressed to agent " + candidate.agent();
        }
        if (signer == null) {
            return "no usable command key on this agent to verify it";
        }
        if (!signer.verifies(candidate)) {
            return "bad signature";
        }
        return null;
    }

    private void refuse(String why) {
        refused.incrementAndGet();
        LOG.warn("allow-list refused: {}", why);
    }

    /** Written beside, forced to disk, then renamed over the old one: a power cut leaves one whole list. */
    private void store(AllowList accepted) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, Wire.encode(accepted));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The list kept from before the restart, verified again: the file may have been changed meanwhile. */
    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        AllowList stored;
        try {
            stored = Wire.decode(Files.readAllBytes(file), AllowList.class);
        } catch (IOException | WireException e) {
            refuse("stored " + file + " unreadable: " + e.getMessage());
            return;
        }
        String refusal = refusal(stored);
        if (refusal != null) {
            refuse("stored " + file + " not used (changed since it was received?): " + refusal);
            return;
        }
        list = stored;
        LOG.info("allow-list issued {} loaded from {}: valid until {}", stored.issued(), file, stored.validUntil());
    }

    Optional<Instant> issued() {
        AllowList held = list;
        return held == null ? Optional.empty() : Optional.of(held.issued());
    }

    long refused() {
        return refused.get();
    }
}
