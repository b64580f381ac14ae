package id.jaga.controller.failover;

import id.jaga.config.AlarmTypes;
import id.jaga.config.DrcSite;
import id.jaga.config.Severity;
import id.jaga.controller.Pace;
import id.jaga.controller.alarm.AlarmService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every DRC at its own interval (HTTP status or TCP connect, each with its timeout) and keeps
 * the last result. An unhealthy DRC is a MAJOR {@code drc-unhealthy} alarm on it: losing one leg of
 * the recovery plan is worth knowing before it is needed.
 */
public final class DrcProbes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DrcProbes.class);
    public static final String UNHEALTHY = AlarmTypes.DRC_UNHEALTHY;

    private final List<DrcSite> drcs;
    private final AlarmService alarms;
    private final Clock clock;
    private final Map<String, Health> health = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "drc-probes");
        t.setDaemon(true);
        return t;
    });

    /** The last probe of a DRC: whether it answered as expected, when, how fast, and if not, why. */
    public record Health(boolean healthy, Instant at, long millis, String error) {
    }

    public DrcProbes(List<DrcSite> drcs, AlarmService alarms, Clock clock) {
        this.drcs = drcs;
        this.alarms = alarms;
        this.clock = clock;
    }

    /** Probes each DRC at once, then every probe interval of the clock. */
    public DrcProbes start(Pace pace) {
        for (DrcSite drc : drcs) {
            long every = pace.wallMillis(drc.probe().interval());
            timer.scheduleWithFixedDelay(() -> probe(drc), 0, every, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Probes one DRC now and records the result. */
    Health probe(DrcSite drc) {
        long start = System.nanoTime();
        String error = null;
        try {
            if (drc.probe().url() != null) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(drc.probe().url())).timeout(drc.probe().timeout()).GET().build();
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != drc.probe().expectStatus()) {
                    error = "HTTP " + status + ", expected " + drc.probe().expectStatus();
                }
            } else {
                String[] hostPort = drc.probe().tcp().split(":(?=[^:]*$)");
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), (int) drc.probe().timeout().toMillis());
                }
            }
        } catch (IOException | RuntimeException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        Health h = new Health(error == null, clock.instant(), (System.nanoTime() - start) / 1_000_000, error);
        Health before = health.put(drc.id(), h);
        if (before == null || before.healthy() != h.healthy()) {
            LOG.info("DRC {} is {}{}", drc.id(), h.healthy() ? "healthy" : "unhealthy", error == null ? "" : ": " + error);
            try {
                alarms.condition(drc.id(), UNHEALTHY, h.healthy() ? null : Severity.MAJOR,
                        "DRC " + drc.id() + " (" + drc.location() + ") does not answer its probe: " + error, null);
            } catch (Exception e) {
                LOG.error("cannot record the health of DRC {}: {}", drc.id(), e.toString());
            }
        }
        return h;
    }

    /** The last result per DRC, in the site file's order; absent until first probed. */
    public Map<String, Health> snapshot() {
        Map<String, Health> all = new LinkedHashMap<>();
        drcs.forEach(d -> {
            if (health.containsKey(d.id())) {
                all.put(d.id(), health.get(d.id()));
            }
        });
        return all;
    }

    Health last(String drc) {
        return health.get(drc);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
