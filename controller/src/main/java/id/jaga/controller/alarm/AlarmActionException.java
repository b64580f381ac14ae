package id.jaga.controller.alarm;

/** An operator's action on an alarm that cannot be done; {@code code} is a stable word for the API. */
public final class AlarmActionException extends Exception {
    private final String code;
    private final String field;

    AlarmActionException(String code, String message) {
        this(code, message, null);
    }

    public AlarmActionException(String code, String message, String field) {
        super(message);
        this.code = code;
        this.field = field;
    }

    /** not-found, conflict (the alarm's state forbids it) or invalid (a field is wrong). */
    public String code() {
        return code;
    }

    /** The request field at fault, if one is. */
    public String field() {
        return field;
    }
}
