package id.jaga.controller.access;

import id.jaga.config.Access;
import id.jaga.config.AccessRule;
import id.jaga.config.Door;
import id.jaga.config.Person;
import id.jaga.config.Window;
import id.jaga.controller.auth.Passwords;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The site file's access rules as answers: may this credential open this door at this moment
 * (and if not, why), and in which periods may it, for the agent's offline allow-list. Times are
 * the site's local time; an immutable snapshot, replaced whole when the site file is reloaded.
 */
public final class AccessRules {
    private final Access access;
    private final ZoneId zone;
    private final Map<String, Person> byBadge = new HashMap<>();

    public AccessRules(Access access, ZoneId zone) {
        this.access = access;
        this.zone = zone;
        for (Person p : access.people()) {
            p.badges().forEach(b -> byBadge.put(normal(b), p));
        }
    }

    public Access access() {
        return access;
    }

    /** Badge ids as readers send them, compared without regard to the case of hex digits. */
    private static String normal(String badge) {
        return badge.strip().toUpperCase(Locale.ROOT);
    }

    /** The decision for a badge (and/or PIN) at a door, on the rules alone; the two-person rule is the caller's. */
    public Decision decide(Door door, String badge, String pin, Instant at) {
        Person person;
        if (badge != null) {
            person = byBadge.get(normal(badge));
            if (person == null) {
                return Decision.deny(null, "unknown badge");
            }
        } else if (pin != null) {
            person = access.people().stream().filter(p -> p.pinHash() != null && Passwords.matches(p.pinHash(), pin))
                    .findFirst().orElse(null);
            if (person == null) {
                return Decision.deny(null, "unknown PIN");
            }
        } else {
            return Decision.deny(null, "no badge or PIN");
        }
        ZonedDateTime local = at.atZone(zone);
        if (person.revoked()) {
            return Decision.deny(person, "revoked");
        }
        if (person.validUntil() != null && local.toLocalDate().isAfter(person.validUntil())) {
            return Decision.deny(person, "expired on " + person.validUntil());
        }
        List<AccessRule> rules = rulesFor(person, door);
        if (rules.isEmpty()) {
            return Decision.deny(person, "no access to door " + door.id());
        }
        if (door.pinRequired() && badge != null) {
            if (pin == null) {
                return Decision.deny(person, "PIN required");
            }
            if (person.pinHash() == null || !Passwords.matches(person.pinHash(), pin)) {
                return Decision.deny(person, "wrong PIN");
            }
        }
        for (AccessRule rule : rules) {
            if (opens(rule, local)) {
                return Decision.grant(person, "rule " + rule.id());
            }
        }
        if (rules.stream().allMatch(r -> r.on() != null)) {
            return Decision.deny(person, "outside hours: pass valid on " + rules.stream().map(r -> r.on() + " " + r.from()
                    + "-" + r.to()).collect(Collectors.joining(", ")) + " only");
        }
        return Decision.deny(person, "outside hours");
    }

    /** Outside the door's two-person schedule, one authorised badge is not enough. */
    public boolean needsTwoPeople(Door door, Instant at) {
        return door.twoPersonOutside() != null && !inSchedule(door.twoPersonOutside(), at.atZone(zone));
    }

    private List<AccessRule> rulesFor(Person person, Door door) {
        return access.rules().stream()
                .filter(r -> r.doors().contains(door.id()))
                .filter(r -> r.people().contains(person.id()) || person.role() != null && r.roles().contains(person.role()))
                .toList();
    }

    private boolean opens(AccessRule rule, ZonedDateTime t) {
        if (rule.on() != null) {
            return rule.on().equals(t.toLocalDate()) && within(t.toLocalTime(), rule.from(), rule.to());
        }
        return inSchedule(rule.schedule(), t);
    }

    private boolean inSchedule(String name, ZonedDateTime t) {
        if (Access.ALWAYS.equals(name)) {
            return true;
        }
        return access.schedules().getOrDefault(name, List.of()).stream().anyMatch(w ->
                w.days().stream().anyMatch(d -> d.dayOfWeek() == t.getDayOfWeek()) && within(t.toLocalTime(), w.from(), w.to()));
    }

    private static boolean within(LocalTime t, LocalTime from, LocalTime to) {
        return !t.isBefore(from) && t.isBefore(to);
    }

    /**
     * The periods in [{@code from}, {@code until}) in which {@code person} may open {@code door}
     * alone: their rules' windows, within the door's two-person schedule if it has one, and not
     * after the person's last valid day. Adjacent periods are merged.
     */
    public List<Period> periods(Person person, Door door, Instant from, Instant until) {
        if (person.revoked()) {
            return List.of();
        }
        List<Period> found = new ArrayList<>();
        LocalDate last = until.atZone(zone).toLocalDate();
        for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            if (person.validUntil() != null && day.isAfter(person.validUntil())) {
                break;
            }
            for (AccessRule rule : rulesFor(person, door)) {
                for (Period p : periodsOn(rule, day)) {
                    if (door.twoPersonOutside() == null) {
                        found.add(p);
                    } else {
                        for (Period solo : scheduleOn(door.twoPersonOutside(), day)) {
                            p.intersect(solo).ifPresent(found::add);
                        }
                    }
                }
            }
        }
        return Period.merged(found.stream().flatMap(p -> p.intersect(new Period(from, until)).stream()).toList());
    }

    private List<Period> periodsOn(AccessRule rule, LocalDate day) {
        if (rule.on() != null) {
            return rule.on().equals(day) ? List.of(period(day, rule.from(), rule.to())) : List.of();
        }
        return scheduleOn(rule.schedule(), day);
    }

    private List<Period> scheduleOn(String name, LocalDate day) {
        if (Access.ALWAYS.equals(name)) {
            return List.of(new Period(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant()));
        }
        List<Period> out = new ArrayList<>();
        for (Window w : access.schedules().getOrDefault(name, List.of())) {
            if (w.days().stream().anyMatch(d -> d.dayOfWeek() == day.getDayOfWeek())) {
                out.add(period(day, w.from(), w.to()));
            }
        }
        return out;
    }

    /** {@code 24:00} in the site file is {@link LocalTime#MAX}: the end of the day, which is the next one's start. */
    private Period period(LocalDate day, LocalTime from, LocalTime to) {
        Instant end = to.equals(LocalTime.MAX) ? day.plusDays(1).atStartOfDay(zone).toInstant() : day.atTime(to).atZone(zone).toInstant();
        return new Period(day.atTime(from).atZone(zone).toInstant(), end);
    }
}
