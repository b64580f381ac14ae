package id.jaga.sensors.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.List;

/**
 * What an agent may let in on its own while the controller is out of reach: for each of its
 * readers, the badges (as SHA-256 of the badge id, hex) and the times they may enter. Made by the
 * controller from the access rules, signed with the agent's command key, retained on the agent's
 * {@code access} topic and kept on the agent's disk; it grants nothing after {@code validUntil}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AllowList(Integer schema, String agent, Instant issued, Instant validUntil, List<Entry> entries,
                        String signature) {
    public AllowList {
        Wire.checkSchema(schema);
        WireException.require(agent, "agent");
        WireException.require(issued, "issued");
        WireException.require(validUntil, "validUntil");
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /**
     * How an allow-list names a badge: lowercase hex SHA-256 (UTF-8) of its id as the reader sends
     * it, stripped, hex digits in upper case; the controller and the agent both use this.
     */
    public static String badgeHash(String badge) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(badge.strip().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public AllowList withSignature(String newSignature) {
        return new AllowList(schema, agent, issued, validUntil, entries, newSignature);
    }

    /** {@code badge} may enter at {@code reader} from {@code from} until {@code to}; {@code person} names them in the log. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String reader, String badge, String person, Instant from, Instant to) {
        public Entry {
            WireException.require(reader, "reader");
            WireException.require(badge, "badge");
            WireException.require(from, "from");
            WireException.require(to, "to");
        }
    }
}
