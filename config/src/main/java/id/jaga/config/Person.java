package id.jaga.config;

import java.time.LocalDate;
import java.util.List;

/**
 * Someone who may be let in: {@code badges} are the card numbers a reader sends (decimal or hex
 * digits), {@code pinHash} the bcrypt hash of a keypad PIN. A {@code revoked} person, or one past
 * {@code validUntil}, is refused everywhere with that reason.
 */
public record Person(String id, String name, String role, List<String> badges, String pinHash, Boolean revoked,
                     LocalDate validUntil) {
    public Person {
        badges = Lists.of(badges);
        revoked = revoked != null && revoked;
    }
}
