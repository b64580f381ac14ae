package id.jaga.sensors.driver.reader;

/**
 * One Wiegand frame: the bits a reader sent in one burst, most significant first. A card is a
 * 26-bit (H10301) or 34-bit frame, a leading even-parity bit over the first half of the data and a
 * trailing odd-parity bit over the second half; the badge id is the data bits as one decimal number.
 * A keypad sends each key as a 4-bit frame: 0-9, 10 for {@code *}, 11 for {@code #}.
 */
public sealed interface WiegandFrame {
    /** Keypad code of {@code *}: clears what was typed. */
    int STAR = 10;
    /** Keypad code of {@code #}: ends a PIN. */
    int HASH = 11;

    record Card(String badge) implements WiegandFrame {
    }

    record Key(int code) implements WiegandFrame {
    }

    /** A frame that is not a card or key, dropped with the reason. */
    record Invalid(String reason) implements WiegandFrame {
    }

    /** Decodes {@code count} bits, the first one received in the highest position of {@code bits}. */
    static WiegandFrame decode(long bits, int count) {
        return switch (count) {
            case 4 -> bits <= HASH ? new Key((int) bits) : new Invalid("keypad code " + bits + " is not a key");
            case 26, 34 -> card(bits, count);
            default -> new Invalid(count + " bits: not a 4-bit key, 26-bit or 34-bit card");
        };
    }

    private static WiegandFrame card(long bits, int count) {
        int half = (count - 2) / 2;
        long data = (bits >>> 1) & ((1L << (count - 2)) - 1);
        long first = data >>> half;
        long second = data & ((1L << half) - 1);
        long leading = bits >>> (count - 1);
        long trailing = bits & 1;
        // Even parity: the leading bit makes the count of ones in it and the first half even.
        if ((Long.bitCount(first) + leading) % 2 != 0) {
            return new Invalid(count + "-bit frame fails its leading (even) parity");
        }
        if ((Long.bitCount(second) + trailing) % 2 != 1) {
            return new Invalid(count + "-bit frame fails its trailing (odd) parity");
        }
        return new Card(Long.toString(data));
    }
}
