package id.jaga.sensors.driver.nut;

/** upsd answered a command with {@code ERR <code>}, e.g. DATA-STALE, UNKNOWN-UPS, ACCESS-DENIED. */
public final class NutException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;

    NutException(String code, String command) {
        super("upsd answered ERR " + code + " to " + command);
        this.code = code;
    }

    /** The error code as upsd sent it, e.g. {@code DATA-STALE}. */
    public String code() {
        return code;
    }
}
