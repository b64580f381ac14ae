package id.jaga.controller.access;

import id.jaga.config.Person;

/**
 * The answer to one badge at one door: granted, or denied with the reason the log and the staff
 * see. {@code person} is who the credential belongs to, when it is known at all.
 */
public record Decision(boolean granted, Person person, String reason) {
    static Decision grant(Person person, String why) {
        return new Decision(true, person, why);
    }

    static Decision deny(Person person, String reason) {
        return new Decision(false, person, reason);
    }
}
