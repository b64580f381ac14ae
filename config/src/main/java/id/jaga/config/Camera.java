package id.jaga.config;

import java.time.Duration;
import java.util.List;

/**
 * An IP camera whose still image is fetched over HTTP ({@code snapshotUrl}) when one of the event
 * types in {@code on} happens at its door, with basic-auth credentials read from
 * {@code credentialsFile} ({@code user:password}). A camera that does not answer within
 * {@code timeout} is recorded as such.
 */
public record Camera(String id, String snapshotUrl, String credentialsFile, Duration timeout, List<String> on) {
    /** The door events a camera can take a snapshot on. */
    public static final List<String> EVENTS = List.of("access-granted", "access-denied", "door-opened", "door-forced",
            "door-held-open", "remote-unlock", "tamper");
    public static final List<String> DEFAULT_ON = List.of("door-forced", "door-held-open", "access-denied", "remote-unlock");

    public Camera {
        timeout = timeout == null ? Duration.ofSeconds(3) : timeout;
        on = on == null ? DEFAULT_ON : Lists.of(on);
    }
}
