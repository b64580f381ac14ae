package id.jaga.config;

import java.time.Duration;
import java.util.List;

/**
 * A Disaster Recovery Center the site can fail over to; lower priority number is preferred.
 * {@code failover} and {@code failback} are the steps that switch service to it and back, in order.
 */
public record DrcSite(String id, String name, String location, Integer priority, Probe probe, List<DrcAction> failover,
                      List<DrcAction> failback) {
    public DrcSite {
        failover = Lists.of(failover);
        failback = Lists.of(failback);
    }

    /** Health probe: an HTTP(S) URL answering {@code expectStatus}, or a TCP {@code host:port}. */
    public record Probe(String url, String tcp, Integer expectStatus, Duration interval, Duration timeout) {
        public Probe {
            expectStatus = expectStatus == null ? 200 : expectStatus;
            interval = interval == null ? Duration.ofSeconds(30) : interval;
            timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        }
    }
}
