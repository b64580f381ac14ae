package id.jaga.controller.failover;

/** An operator's failover request that cannot be carried out now; {@code code}: conflict or not-leader. */
public final class FailoverException extends Exception {
    private final String code;

    FailoverException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
