package id.jaga.sensors.driver.reader;

/**
 * What someone presented at a reader: a {@code badge} (card number, decimal), a keypad {@code pin}
 * (digits), or both when the PIN was entered with the card. Never logged whole: {@link #toString()}
 * leaves the PIN out.
 */
public record Credential(String reader, String badge, String pin) {
    public Credential {
        if (reader == null) {
            throw new IllegalArgumentException("a credential comes from a reader");
        }
        if (badge == null && pin == null) {
            throw new IllegalArgumentException("a credential has a badge, a PIN or both");
        }
        if (pin != null && !pin.matches("[0-9]+")) {
            throw new IllegalArgumentException("a PIN is digits only");
        }
    }

    public static Credential badge(String reader, String badge) {
        return new Credential(reader, badge, null);
    }

    public static Credential pin(String reader, String pin) {
        return new Credential(reader, null, pin);
    }

    @Override
    public String toString() {
        return "Credential[reader=" + reader + (badge == null ? "" : ", badge=" + badge) + (pin == null ? "" : ", pin=****") + "]";
    }
}
