package id.jaga.sensors.driver.reader;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Wiegand reader's bits into credentials, apart from any GPIO: the caller feeds bits, says
 * when a frame ended, and when time passed ({@link #expire(long)}), all with a monotonic time in
 * nanoseconds, so the logic can be tested with plain bit sequences.
 *
 * <p>Keys make up a PIN: digits, {@code *} clears them, {@code #} ends the PIN. A PIN with no card
 * goes out alone. With {@code holdCardForPin} (the reader's door wants card and PIN), a card waits
 * up to {@code pinTimeout} for its PIN and goes out with it, or alone when none came in time;
 * otherwise a card goes out at once. A PIN entry not ended within {@code pinTimeout} of its first
 * key is dropped. Digits never reach the log.
 */
public final class WiegandDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(WiegandDecoder.class);
    /** Longer entries are someone leaning on the keypad, not a PIN. */
    static final int MAX_PIN_DIGITS = 12;

    private final String reader;
    private final boolean holdCardForPin;
    private final long pinTimeoutNanos;
    private final Consumer<Credential> out;
    private long bits;
    private int count;
    private long frames;
    private long dropped;
    private String heldCard;
    private final StringBuilder digits = new StringBuilder();
    /** When the card now held was read, or the first key of a PIN typed without a card. */
    private long entryStarted;
    private boolean entryOpen;

    public WiegandDecoder(String reader, boolean holdCardForPin, Duration pinTimeout, Consumer<Credential> out) {
        this.reader = reader;
        this.holdCardForPin = holdCardForPin;
        this.pinTimeoutNanos = pinTimeout.toNanos();
        this.out = out;
    }

    /** One bit of the frame being received: 0 from a pulse on D0, 1 from a pulse on D1. */
    public synchronized void bit(int bit) {
        bits = (bits << 1) | (bit & 1);
        count++;
    }

    /** The line went quiet: the bits received since the last frame are one frame. */
    public synchronized void endFrame(long nowNanos) {
        if (count == 0) {
            return;
        }
        WiegandFrame frame = WiegandFrame.decode(count > 64 ? -1 : bits, count);
        frames++;
        bits = 0;
        count = 0;
        expire(nowNanos);
        if (frame instanceof WiegandFrame.Card card) {
            card(card.badge(), nowNanos);
        } else if (frame instanceof WiegandFrame.Key key) {
            key(key.code(), nowNanos);
        } else if (frame instanceof WiegandFrame.Invalid invalid) {
            dropped++;
            LOG.warn("reader {}: frame dropped, {}", reader, invalid.reason());
        }
    }

    private void card(String badge, long nowNanos) {
        if (heldCard != null) {
            LOG.info("reader {}: badge {} read while badge {} waited for its PIN; that one goes alone", reader, badge, heldCard);
            release();
        }
        digits.setLength(0);
        if (holdCardForPin) {
            heldCard = badge;
            entryStarted = nowNanos;
            entryOpen = true;
        } else {
            entryOpen = false;
            out.accept(Credential.badge(reader, badge));
        }
    }

    private void key(int code, long nowNanos) {
        if (code == WiegandFrame.STAR) {
            digits.setLength(0);
            if (heldCard == null) {
                entryOpen = false;
            }
            return;
        }
        if (code == WiegandFrame.HASH) {
            if (digits.length() == 0) {
                return; // nothing typed yet: a stray # ends nothing
            }
            out.accept(new Credential(reader, heldCard, digits.toString()));
            heldCard = null;
            digits.setLength(0);
            entryOpen = false;
            return;
        }
        if (!entryOpen) {
            entryStarted = nowNanos;
            entryOpen = true;
        }
        if (digits.length() == MAX_PIN_DIGITS) {
            LOG.warn("reader {}: PIN entry longer than {} digits dropped", reader, MAX_PIN_DIGITS);
            digits.setLength(0);
            if (heldCard == null) {
                entryOpen = false;
            }
            return;
        }
        digits.append((char) ('0' + code));
    }

    /** Lets time pass: a card that waited {@code pinTimeout} goes alone, a PIN not ended in time is dropped. */
    public synchronized void expire(long nowNanos) {
        if (!entryOpen || nowNanos - entryStarted < pinTimeoutNanos) {
            return;
        }
        if (heldCard != null) {
            LOG.info("reader {}: no PIN within {} ms of badge {}; it goes alone", reader, pinTimeoutNanos / 1_000_000, heldCard);
            release();
        } else if (digits.length() > 0) {
            LOG.info("reader {}: PIN entry not ended with # in time, dropped", reader);
        }
        digits.setLength(0);
        entryOpen = false;
    }

    private void release() {
        String card = heldCard;
        heldCard = null;
        entryOpen = false;
        out.accept(Credential.badge(reader, card));
    }

    /** When {@link #expire(long)} has something to do, if anything is waiting. */
    public synchronized OptionalLong deadline() {
        return entryOpen ? OptionalLong.of(entryStarted + pinTimeoutNanos) : OptionalLong.empty();
    }

    /** Frames received so far, good or not. */
    synchronized long frames() {
        return frames;
    }

    /** Frames dropped so far: parity errors, unknown lengths, codes that are no key. */
    public synchronized long dropped() {
        return dropped;
    }
}
