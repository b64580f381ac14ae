package id.jaga.sensors.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A physical security event as written to the audit log: {@code seq} is its place in the hash
 * chain and {@code hash} covers it and the previous record's hash.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurityEvent(Integer schema, String site, Long seq, String type, String door, String person,
                            String detail, Instant agentTs, Instant ts, String hash) {
    public SecurityEvent {
        Wire.checkSchema(schema);
        WireException.require(site, "site");
        WireException.require(seq, "seq");
        WireException.check(seq >= 0, "seq must not be negative");
        WireException.require(type, "type");
        WireException.require(ts, "ts");
    }
}
