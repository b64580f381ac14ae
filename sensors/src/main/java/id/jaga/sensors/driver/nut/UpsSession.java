package id.jaga.sensors.driver.nut;

import id.jaga.sensors.wire.Quality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UPS on one upsd, as all its sensors see it: one connection and one {@code LIST VAR} answer
 * (a snapshot) per poll round. The snapshot, a failure included, serves every read within
 * {@code maxAge} after it was taken, so N sensors polled together cost one round trip, and an
 * unreachable server costs one timeout per round rather than one per sensor.
 */
final class UpsSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpsSession.class);

    private final Endpoint endpoint;
    private final NutClient client;
    private final String setupProblem;
    private final LongSupplier nanos;
    private final long maxAgeNanos;
    private Snapshot last;
    private long lastAt;
    private String lastProblem;
    int users;

    /** Where a UPS is and how to reach it; sensors with equal endpoints share a session. */
    record Endpoint(String host, int port, String ups, String username, String passwordFile, Duration timeout) {
        @Override
        public String toString() {
            return ups + "@" + host + ":" + port;
        }
    }

    /** What upsd said about the UPS: its variables, or why there are none. */
    record Snapshot(Map<String, String> vars, Quality failure, String reason) {
        static Snapshot failed(Quality quality, String reason) {
            return new Snapshot(Map.of(), quality, reason);
        }
    }

    UpsSession(Endpoint endpoint, LongSupplier nanos, Duration maxAge) {
        this.endpoint = endpoint;
        this.nanos = nanos;
        this.maxAgeNanos = maxAge.toNanos();
        NutClient.Login login = null;
        String problem = null;
        if (endpoint.username() != null) {
            try {
                // Read once, as the MQTT credentials are; the password itself is never logged.
                String password = Files.readString(Path.of(endpoint.passwordFile())).strip();
                login = new NutClient.Login(endpoint.username(), password, endpoint.ups());
            } catch (IOException | IllegalArgumentException e) {
                problem = "cannot read passwordFile " + endpoint.passwordFile() + ": " + describe(e);
            }
        }
        this.setupProblem = problem;
        this.client = new NutClient(endpoint.host(), endpoint.port(), endpoint.timeout(), login);
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** The current snapshot, fetched again once older than maxAge. */
    synchronized Snapshot snapshot() {
        if (last == null || nanos.getAsLong() - lastAt >= maxAgeNanos) {
            last = fetch();
            // Stamped when the answer is in: a fetch that waited for a timeout still serves the round.
            lastAt = nanos.getAsLong();
            report(last.failure() == null ? null : last.reason());
        }
        return last;
    }

    /** Commands sent to upsd so far (for tests of the one-round-trip promise). */
    synchronized long commands() {
        return client.commands();
    }

    private Snapshot fetch() {
        if (setupProblem != null) {
            return Snapshot.failed(Quality.BAD, setupProblem);
        }
        try {
            return new Snapshot(Map.copyOf(client.listVars(endpoint.ups())), null, null);
        } catch (NutException e) {
            return refused(e.code());
        } catch (IOException e) {
            return Snapshot.failed(Quality.STALE, "no answer from upsd at " + endpoint.host() + ":" + endpoint.port()
                    + ": " + describe(e));
        }
    }

    /** upsd answered ERR: stale data is STALE; a UPS or account it does not accept is BAD (configuration). */
    private Snapshot refused(String code) {
        String ups = "UPS '" + endpoint.ups() + "' on upsd " + endpoint.host() + ":" + endpoint.port();
        return switch (code) {
            case "DATA-STALE" -> Snapshot.failed(Quality.STALE,
                    "upsd says the data of " + ups + " is stale (DATA-STALE): its driver stopped updating");
            case "DRIVER-NOT-CONNECTED" -> Snapshot.failed(Quality.STALE,
                    "no driver is running for " + ups + " (DRIVER-NOT-CONNECTED)");
            case "UNKNOWN-UPS" -> Snapshot.failed(Quality.BAD, "upsd knows no " + ups + " (UNKNOWN-UPS)");
            case "ACCESS-DENIED" -> Snapshot.failed(Quality.BAD, "upsd refused LOGIN as '" + endpoint.username()
                    + "' for " + ups + " (ACCESS-DENIED): check passwordFile, and 'upsmon' for the user in upsd.users");
            default -> Snapshot.failed(Quality.BAD, "upsd answered ERR " + code + " for " + ups);
        };
    }

    /** Logs a change of health once, not at every poll. */
    private void report(String problem) {
        if (Objects.equals(problem, lastProblem)) {
            return;
        }
        if (problem != null) {
            LOG.warn("UPS {}: {}", endpoint, problem);
        } else if (lastProblem != null) {
            LOG.info("UPS {} answers again", endpoint);
        }
        lastProblem = problem;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    public synchronized void close() {
        client.close();
    }
}
