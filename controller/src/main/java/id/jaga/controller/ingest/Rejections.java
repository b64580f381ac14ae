package id.jaga.controller.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every refused message or reading is counted by reason and logged: at WARN the first time a
 * cause (reason and sender) is seen, at DEBUG after that, so a misbehaving agent cannot flood the log.
 */
public final class Rejections {
    private static final Logger LOG = LoggerFactory.getLogger(Rejections.class);
    private final MeterRegistry registry;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    public Rejections(MeterRegistry registry) {
        this.registry = registry;
    }

    public void reject(String reason, String from, String detail) {
        registry.counter("jaga.ingest.rejected", "reason", reason).increment();
        if (logged.add(reason + "|" + from)) {
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
}
