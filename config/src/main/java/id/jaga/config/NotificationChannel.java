package id.jaga.config;

import java.time.Duration;
import java.util.List;

/**
 * Where alarm changes are sent besides the MQTT alarm topic (which always gets all of them):
 * a {@code webhook} (JSON POSTed to {@code url}, signed with the secret in {@code secretFile}) or
 * {@code email} (through the SMTP server {@code smtpHost}:{@code smtpPort}, from {@code from} to
 * {@code to}, with {@code username}/{@code passwordFile} and STARTTLS when set). {@code severities}
 * and {@code rooms} narrow what the channel gets; empty means all.
 *
 * <p>Policy: changes within {@code groupWithin} (default 5 s) go out as one notification; an active
 * alarm nobody has acknowledged is sent again every {@code repeatEvery} (none when absent); and
 * one still unacknowledged {@code escalateAfter} after this channel was told is sent to the
 * channel {@code escalateTo} (the next contact list).
 */
public record NotificationChannel(String id, String type, List<Severity> severities, List<String> rooms,
                                  String url, String secretFile,
                                  String smtpHost, Integer smtpPort, Boolean startTls, String username,
                                  String passwordFile, String from, List<String> to,
                                  Duration groupWithin, Duration repeatEvery, Duration escalateAfter, String escalateTo) {
    public static final Duration DEFAULT_GROUP_WITHIN = Duration.ofSeconds(5);

    public NotificationChannel {
        severities = Lists.of(severities);
        rooms = Lists.of(rooms);
        to = Lists.of(to);
        smtpPort = smtpPort == null ? 25 : smtpPort;
        startTls = startTls != null && startTls;
        groupWithin = groupWithin == null ? DEFAULT_GROUP_WITHIN : groupWithin;
    }
}
