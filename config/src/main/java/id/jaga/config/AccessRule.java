package id.jaga.config;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * Lets {@code people} (by id) and holders of {@code roles} through {@code doors}: either on a named
 * weekly {@code schedule}, or, for a visit, only {@code on} one date from {@code from} to {@code to}
 * (site time).
 */
public record AccessRule(String id, List<String> people, List<String> roles, List<String> doors, String schedule,
                         LocalDate on, LocalTime from, LocalTime to) {
    public AccessRule {
        people = Lists.of(people);
        roles = Lists.of(roles);
        doors = Lists.of(doors);
    }
}
