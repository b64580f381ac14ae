package id.jaga.sensors.wire;

/** A message that cannot be accepted, with a short machine-readable reason for the counters. */
public class WireException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public WireException(String reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    /** e.g. not-json, schema-version, missing-field, bad-value, unknown-field, unknown-agent. */
    public String reason() {
        return reason;
    }

    static <T> T require(T value, String field) {
        if (value == null) {
            throw new WireException("missing-field", "missing field '" + field + "'");
        }
        return value;
    }

    static void check(boolean ok, String detail) {
        if (!ok) {
            throw new WireException("bad-value", detail);
        }
    }
}
