package id.jaga.controller.auth;

import java.time.Duration;

/** A refused account action; {@code code} is a stable word for the API, {@code field} the request field at fault. */
public final class AccountException extends Exception {
    private final String code;
    private final String field;
    private final Duration retryAfter;

    AccountException(String code, String message, String field) {
        this(code, message, field, null);
    }

    AccountException(String code, String message, String field, Duration retryAfter) {
        super(message);
        this.code = code;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** For too-many-attempts: how long to wait. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
