package id.jaga.controller.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@link #LIMIT} failed sign-ins within {@link #WINDOW} for one user
 * name, or {@link #ADDRESS_LIMIT} from one address (higher: a whole NOC may share one), further
 * attempts are refused until the oldest failure leaves the window. Kept in memory: a restart
 * forgets, which costs a guesser a restart per five tries.
 */
final class SignInGuard {
    static final int LIMIT = 5;
    static final int ADDRESS_LIMIT = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    SignInGuard(Clock clock) {
        this.clock = clock;
    }

    /** How long the caller must wait before trying again; zero if it may try now. */
    Duration wait(String name, String address) {
        Instant now = clock.instant();
        Duration a = waitFor("user:" + name, LIMIT, now);
        Duration b = waitFor("addr:" + address, ADDRESS_LIMIT, now);
        return a.compareTo(b) > 0 ? a : b;
    }

    private Duration waitFor(String key, int limit, Instant now) {
        Deque<Instant> list = failures.get(key);
        if (list == null) {
            return Duration.ZERO;
        }
        synchronized (list) {
            list.removeIf(t -> !t.plus(WINDOW).isAfter(now));
            return list.size() < limit ? Duration.ZERO : Duration.between(now, list.peekFirst().plus(WINDOW));
        }
    }

    void failed(String name, String address) {
        Instant now = clock.instant();
        for (String key : new String[] {"user:" + name, "addr:" + address}) {
            Deque<Instant> list = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (list) {
                list.addLast(now);
            }
        }
    }

    void succeeded(String name) {
        failures.remove("user:" + name);
    }
}
