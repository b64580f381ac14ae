package id.jaga.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may open which door, and when: the site's {@code access} section, reloaded by the controller
 * when the file changes. {@code schedules} are named weekly windows (the name {@code always} is
 * built in); {@code rules} grant people, by id or by role, a schedule or a one-day pass on some doors.
 * The controller sends each agent a signed allow-list covering the next {@code allowListFor}, which a
 * door with {@code offline: allow-list} follows while the controller is out of reach.
 * {@code remoteUnlocksPerHour} bounds the remote unlocks one user may ask for.
 */
public record Access(List<Door> doors, List<Person> people, List<AccessRule> rules,
                     Map<String, List<Window>> schedules, List<Camera> cameras, Duration allowListFor,
                     Integer remoteUnlocksPerHour) {
    public static final Access NONE = new Access(null, null, null, null, null, null, null);
    /** The built-in schedule that is always open. */
    public static final String ALWAYS = "always";

    public Access {
        doors = Lists.of(doors);
        people = Lists.of(people);
        rules = Lists.of(rules);
        schedules = Lists.of(schedules);
        cameras = Lists.of(cameras);
        allowListFor = allowListFor == null ? Duration.ofDays(7) : allowListFor;
        remoteUnlocksPerHour = remoteUnlocksPerHour == null ? 10 : remoteUnlocksPerHour;
    }

    public Optional<Door> door(String id) {
        return doors.stream().filter(d -> d != null && d.id().equals(id)).findFirst();
    }

    public Optional<Camera> camera(String id) {
        return cameras.stream().filter(c -> c != null && c.id().equals(id)).findFirst();
    }

    public Optional<Person> person(String id) {
        return people.stream().filter(p -> p != null && p.id().equals(id)).findFirst();
    }
}
