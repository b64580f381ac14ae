package id.jaga.controller.notify;

import id.jaga.config.NotificationChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook: alarm changes POSTed as JSON, in order, each retried with backoff until the
 * receiver answers 2xx, on a thread of its own so it never holds up ingest or another channel.
 * The body is signed (HMAC-SHA256 with the channel's secret) in the {@code X-Jaga-Signature} header.
 */
final class WebhookChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookChannel.class);
    static final int CAPACITY = 10_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final NotificationChannel config;
    private final byte[] secret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BlockingDeque<byte[]> queue = new LinkedBlockingDeque<>(CAPACITY);
    private final Thread worker;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile String lastError;
    private volatile Instant lastDelivered;

    WebhookChannel(NotificationChannel config) {
        this.config = config;
        this.secret = config.secretFile() == null ? null : readSecret(Path.of(config.secretFile()));
        this.worker = new Thread(this::run, "webhook-" + config.id());
        worker.setDaemon(true);
        worker.start();
    }

    NotificationChannel config() {
        return config;
    }

    /** Queues a body; when the channel has been failing so long that the queue is full, the oldest goes. */
    void send(byte[] body) {
        while (!queue.offerLast(body)) {
            if (queue.pollFirst() != null) {
                dropped.incrementAndGet();
                LOG.error("webhook {} has {} undelivered changes: dropped the oldest", config.id(), CAPACITY);
            }
        }
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                byte[] body = queue.takeFirst();
                Duration backoff = Duration.ofSeconds(1);
                while (!post(body)) {
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean post(byte[] body) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.url()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Jaga-Event", "alarm")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            request.header("X-Jaga-Signature", "sha256=" + sign(body));
        }
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                delivered.incrementAndGet();
                lastDelivered = Instant.now();
                lastError = null;
                return true;
            }
            return failed("HTTP " + status);
        } catch (IOException e) {
            return failed(e.toString());
        }
    }

    private boolean failed(String why) {
        if (failedAttempts.incrementAndGet() == 1 || lastError == null) {
            LOG.warn("webhook {} failed: {}; retrying with backoff", config.id(), why);
        }
        lastError = why;
        return false;
    }

    String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    Status status() {
        return new Status(lastError == null ? "ok" : "failing", queue.size(), delivered.get(), failedAttempts.get(),
                dropped.get(), lastError, lastDelivered);
    }

    @Override
    public void close() {
        worker.interrupt();
    }

    private static byte[] readSecret(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read webhook secret file " + file, e);
        }
    }

    /** What the health endpoint shows of a channel. */
    public record Status(String state, int pending, long delivered, long failedAttempts, long dropped, String lastError,
                         Instant lastDelivered) {
    }
}
