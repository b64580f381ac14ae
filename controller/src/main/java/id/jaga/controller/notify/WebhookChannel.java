package id.jaga.controller.notify;

import id.jaga.config.NotificationChannel;
import id.jaga.sensors.wire.AlarmEvent;
import id.jaga.sensors.wire.AlarmNotification;
import id.jaga.sensors.wire.FailoverState;
import id.jaga.sensors.wire.Wire;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A webhook: an {@link AlarmNotification} POSTed as JSON, signed (HMAC-SHA256 of the body) in {@code X-Jaga-Signature}. */
final class WebhookChannel extends Channel {
    private final byte[] secret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    WebhookChannel(NotificationChannel config, Delivered delivered) {
        super(config, delivered);
        this.secret = config.secretFile() == null ? null : readSecret(config.secretFile());
    }

    @Override
    void deliver(List<Notice> notices) throws Exception {
        List<AlarmEvent> events = notices.stream().map(Notice::event).filter(Objects::nonNull).toList();
        List<FailoverState> failover = notices.stream().map(Notice::failover).filter(Objects::nonNull).toList();
        String site = events.isEmpty() ? failover.get(0).site() : events.get(0).site();
        byte[] body = Wire.encode(new AlarmNotification(Wire.SCHEMA, site, Instant.now(), events,
                failover.isEmpty() ? null : failover));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config().url()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Jaga-Event", "alarm")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            request.header("X-Jaga-Signature", "sha256=" + sign(body));
        }
        int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 != 2) {
            throw new IllegalStateException("HTTP " + status);
        }
    }

    private String sign(byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
