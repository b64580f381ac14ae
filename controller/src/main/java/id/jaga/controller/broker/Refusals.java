package id.jaga.controller.broker;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the embedded broker refused: each cause (what was refused, to whom, and why) logged once at
 * WARN and after that at DEBUG, so one misconfigured or hostile client cannot flood the log; and
 * counted by what was refused. Never a password in a line.
 */
public final class Refusals {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);

    /** What the broker refused. */
    public enum Kind {
        CONNECT("connect"), PUBLISH("publish"), SUBSCRIBE("subscribe");

        private final String tag;

        Kind(String tag) {
            this.tag = tag;
        }

        /** The value of the counter's tag. */
        public String tag() {
            return tag;
        }
    }

    private final Map<Kind, LongAdder> counts = new ConcurrentHashMap<>();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /**
     * Records one refusal. {@code cause} identifies it for the once-only log (e.g. the user and the
     * reason); {@code detail} is what this instance adds (a topic, a client id).
     */
    void refused(Kind kind, String cause, String detail) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if (logged.add(kind.tag() + " " + cause)) {
            LOG.warn("broker refused {}: {} ({}); further refusals of this cause are logged at DEBUG", kind.tag(), cause, detail);
        } else {
            LOG.debug("broker refused {}: {} ({})", kind.tag(), cause, detail);
        }
    }

    /** Counts refusals as {@code jaga.broker.refused}, tagged {@code what}: connect, publish or subscribe. */
    public void registerIn(MeterRegistry registry) {
        for (Kind kind : Kind.values()) {
            FunctionCounter.builder("jaga.broker.refused", this, r -> r.count(kind)).tag("what", kind.tag())
                    .description("connects, publishes and subscriptions the embedded broker refused").register(registry);
        }
    }

    /** How many of this kind were refused since the start. */
    public long count(Kind kind) {
        LongAdder n = counts.get(kind);
        return n == null ? 0 : n.sum();
    }
}
