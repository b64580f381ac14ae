package id.jaga.controller.ingest;

import id.jaga.config.Agent;
import id.jaga.config.SiteConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every refused message or reading is counted by reason and logged: at WARN the first time a
 * cause (reason and agent of the site) is seen, at DEBUG after that, so a misbehaving agent cannot
 * flood the log. A sender the site file does not know (a made-up agent id, a stray topic) is named by
 * whoever sends, so it makes no cause of its own: such refusals are logged once per reason per
 * {@link #UNKNOWN_LOG_EVERY} with how many were refused meanwhile, and nothing is kept per sender.
 */
public final class Rejections {
    private static final Logger LOG = LoggerFactory.getLogger(Rejections.class);
    static final Duration UNKNOWN_LOG_EVERY = Duration.ofMinutes(1);
    private final MeterRegistry registry;
    private final Clock clock;
    private final Set<String> known;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private final Map<String, Unknown> unknown = new ConcurrentHashMap<>();

    /** The site file's agents are the only senders that get a cause of their own. */
    public Rejections(MeterRegistry registry, SiteConfig site, Clock clock) {
        this.registry = registry;
        this.known = site.agents().stream().map(Agent::id).collect(Collectors.toUnmodifiableSet());
        this.clock = clock;
    }

    public void reject(String reason, String from, String detail) {
        registry.counter("jaga.ingest.rejected", "reason", reason).increment();
        if (!known.contains(from)) {
            unknown.computeIfAbsent(reason, r -> new Unknown()).refused(reason, from, detail, clock.instant());
        } else if (logged.add(reason + "|" + from)) {
            LOG.warn("rejected {} from {}: {} (further rejections for this cause are logged at debug level)", reason, from, detail);
        } else {
            LOG.debug("rejected {} from {}: {}", reason, from, detail);
        }
    }

    /** Counts so far, by reason. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        registry.find("jaga.ingest.rejected").counters()
                .forEach(c -> counts.put(c.getId().getTag("reason"), (long) c.count()));
        return counts;
    }

    /** How many causes are remembered for logging: bounded by the site's agents and the reasons, whoever sends. */
    int causesRemembered() {
        return logged.size() + unknown.size();
    }

    /** Refusals of one reason from senders the site does not know: a count and when it was last logged. */
    private static final class Unknown {
        private Instant loggedAt;
        private long since;

        synchronized void refused(String reason, String from, String detail, Instant now) {
            if (loggedAt != null && now.isBefore(loggedAt.plus(UNKNOWN_LOG_EVERY))) {
                since++;
                LOG.debug("rejected {} from {}: {}", reason, from, detail);
                return;
            }
            LOG.warn("rejected {} from {}: {}{} (logged once a minute for senders the site does not know)", reason, from, detail,
                    since == 0 ? "" : "; " + since + " more refused for this reason since the last line");
            loggedAt = now;
            since = 0;
        }
    }
}
