package id.jaga.config;

import java.util.List;

/**
 * Where alarm changes are sent besides the MQTT alarm topic (which always gets all of them): an
 * HTTP webhook receiving JSON, signed with the secret in {@code secretFile}. {@code severities}
 * and {@code rooms} narrow what the channel gets; empty means all.
 */
public record NotificationChannel(String id, String type, String url, String secretFile, List<Severity> severities,
                                  List<String> rooms) {
    public NotificationChannel {
        severities = Lists.of(severities);
        rooms = Lists.of(rooms);
    }
}
