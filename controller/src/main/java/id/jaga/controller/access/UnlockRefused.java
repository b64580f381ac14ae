package id.jaga.controller.access;

/** A remote unlock that is not sent; {@code status} is the HTTP status that says why. */
public final class UnlockRefused extends Exception {
    private final int status;
    private final String code;

    UnlockRefused(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
