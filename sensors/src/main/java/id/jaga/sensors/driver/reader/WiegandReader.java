package id.jaga.sensors.driver.reader;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import id.jaga.config.Durations;
import id.jaga.config.Reader;
import id.jaga.config.SiteLoader.Problems;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A Wiegand card reader (and keypad) on two GPIO inputs through Pi4J: the reader pulls {@code d0}
 * low for a 0 bit and {@code d1} low for a 1 bit; a frame ends after {@link #FRAME_GAP} without a
 * pulse. The decoding is {@link WiegandDecoder}'s.
 */
public final class WiegandReader implements BadgeReader {
    public static final String TYPE = "wiegand";
    /** Bits of a frame come 1-2 ms apart; this much silence ends the frame. */
    static final Duration FRAME_GAP = Duration.ofMillis(25);
    static final Duration DEFAULT_PIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> KEYS = Set.of("type", "d0", "d1", "pinTimeout");

    private final Context pi4j;
    private final String id;
    private final DigitalInput d0;
    private final DigitalInput d1;
    private final WiegandDecoder decoder;
    private final List<Consumer<Credential>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> frameEnd;
    private ScheduledFuture<?> expiry;

    /** {@code holdCardForPin}: a card waits for its PIN (the door wants both). */
    public WiegandReader(Context pi4j, Reader reader, boolean holdCardForPin) {
        Settings settings = settings(reader, null, null);
        this.pi4j = pi4j;
        this.id = reader.id();
        this.decoder = new WiegandDecoder(id, holdCardForPin, settings.pinTimeout(),
                credential -> listeners.forEach(l -> l.accept(credential)));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wiegand-" + id);
            t.setDaemon(true);
            return t;
        });
        this.d0 = input(settings.d0(), "d0");
        this.d1 = input(settings.d1(), "d1");
        d0.addListener(e -> pulse(e.state(), 0));
        d1.addListener(e -> pulse(e.state(), 1));
    }

    private DigitalInput input(int pin, String line) {
        return pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                .id("reader-" + id + "-" + line).name(id + " " + line)
                .address(pin)
                .pull(PullResistance.PULL_UP)
                // Pi4J's default 10 ms debounce would swallow the 50-100 us bit pulses.
                .debounce(0L)
                .build());
    }

    private synchronized void pulse(DigitalState state, int bit) {
        if (state != DigitalState.LOW) {
            return;
        }
        decoder.bit(bit);
        if (frameEnd != null) {
            frameEnd.cancel(false);
        }
        frameEnd = timer.schedule(this::frameEnded, FRAME_GAP.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void frameEnded() {
        decoder.endFrame(System.nanoTime());
        scheduleExpiry();
    }

    private synchronized void scheduleExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
        }
        decoder.deadline().ifPresent(at -> expiry = timer.schedule(() -> {
            decoder.expire(System.nanoTime());
            scheduleExpiry();
        }, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void onCredential(Consumer<Credential> listener) {
        listeners.add(listener);
    }

    /** Frames dropped for a bad parity, length or key code. */
    public long droppedFrames() {
        return decoder.dropped();
    }

    long frames() {
        return decoder.frames();
    }

    /** Frees both pins, so an agent restarted in the same process can claim them again. */
    @Override
    public void close() {
        timer.shutdownNow();
        pi4j.shutdown(d0.id());
        pi4j.shutdown(d1.id());
    }

    /** Reports bad settings at {@code <path>.driver.<key>}. */
    static void check(Reader reader, String path, Problems problems) {
        settings(reader, path, problems);
    }

    static List<String> pins(Reader reader) {
        return java.util.stream.Stream.of("d0", "d1").map(reader.driver()::get).filter(Integer.class::isInstance)
                .map(pin -> "GPIO " + pin).distinct().toList();
    }

    private record Settings(int d0, int d1, Duration pinTimeout) {
    }

    /** Read alike when checking ({@code problems} set) and when opening (a bad value throws). */
    private static Settings settings(Reader reader, String path, Problems problems) {
        BiConsumer<String, String> problem = (key, message) -> {
            if (problems == null) {
                throw new IllegalArgumentException("reader " + reader.id() + ": driver." + key + ": " + message);
            }
            problems.add(path + ".driver." + key, message);
        };
        reader.driver().keySet().stream().filter(k -> !KEYS.contains(k)).sorted().forEach(k ->
                problem.accept(k, "unknown key '" + k + "' for the wiegand reader; known: d0, d1, pinTimeout, type"));
        int d0 = pin(reader, "d0", problem);
        int d1 = pin(reader, "d1", problem);
        if (d0 >= 0 && d0 == d1) {
            problem.accept("d1", "D0 and D1 need two different pins, both are GPIO " + d0);
        }
        Duration pinTimeout = DEFAULT_PIN_TIMEOUT;
        Object timeout = reader.driver().get("pinTimeout");
        if (timeout != null) {
            Duration parsed = Durations.parse(timeout.toString());
            if (parsed == null || parsed.isZero()) {
                problem.accept("pinTimeout", "'" + timeout + "': expected a duration such as 10s");
            } else {
                pinTimeout = parsed;
            }
        }
        return new Settings(d0, d1, pinTimeout);
    }

    private static int pin(Reader reader, String key, BiConsumer<String, String> problem) {
        Object value = reader.driver().get(key);
        if (!(value instanceof Integer p) || p < 0 || p > 27) {
            problem.accept(key, value == null ? "missing; expected a BCM GPIO number 0-27"
                    : "expected a BCM GPIO number 0-27, found '" + value + "'");
            return -1;
        }
        return p;
    }
}
