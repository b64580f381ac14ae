package id.jaga.config;

import id.jaga.config.SiteConfig.PlacedSensor;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of the {@code access} section and of the agents' reader ids (the reader drivers check
 * their own settings): a door's inputs, lock and reader on its own agent and serving no other door,
 * badges, PIN hashes, schedules, rules and cameras. Part of {@link SiteValidator}, whose id and reference checks it shares.
 */
final class AccessValidator {
    /** The controller's roles: a viewer only looks, so only the other three may unlock a door. */
    private static final String VIEWER = "viewer";
    private static final List<String> UNLOCKING_ROLES = List.of("operator", "security-officer", "admin");
    /** Card numbers as readers send them, in decimal or hex digits. */
    private static final Pattern BADGE = Pattern.compile("[0-9A-Fa-f]{4,32}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    /** The agent refuses longer unlock pulses. */
    private static final Duration MAX_UNLOCK = Duration.ofSeconds(300);
    private static final Duration MAX_SNAPSHOT_TIMEOUT = Duration.ofSeconds(30);

    private final SiteConfig site;
    private final Access access;
    private final SiteLoader.Problems problems;
    private final SiteValidator checks;
    private final boolean checkFiles;

    AccessValidator(SiteConfig site, SiteLoader.Problems problems, SiteValidator checks, boolean checkFiles) {
        this.site = site;
        this.access = site.access();
        this.problems = problems;
        this.checks = checks;
        this.checkFiles = checkFiles;
    }

    void validate(Set<String> rooms, Set<String> agents) {
        Map<String, Map<String, String>> readers = readers();
        Set<String> schedules = schedules();
        Set<String> cameras = cameras();
        Set<String> doors = doors(rooms, agents, readers, schedules, cameras);
        Set<String> people = people();
        rules(people, doors, schedules);
        Duration allow = access.allowListFor();
        if (allow.compareTo(Duration.ofHours(1)) < 0 || allow.compareTo(Duration.ofDays(31)) > 0) {
            problems.add("access.allowListFor", "must be from 1h to 31d: how long an agent may go on admitting"
                    + " from its last list while the controller is out of reach");
        }
        if (access.remoteUnlocksPerHour() < 1 || access.remoteUnlocksPerHour() > 1000) {
            problems.add("access.remoteUnlocksPerHour", "must be from 1 to 1000");
        }
    }

    /** Each agent's readers, as id -> "reader" (the shape {@link #onAgent} takes); ids are unique across the site. */
    private Map<String, Map<String, String>> readers() {
        Map<String, Map<String, String>> byAgent = new HashMap<>();
        Map<String, String> first = new HashMap<>();
        for (int i = 0; i < site.agents().size(); i++) {
            Agent agent = site.agents().get(i);
            if (agent == null) {
                continue;
            }
            String path = "agents[" + i + "].readers";
            Set<String> ids = checks.ids(path, agent.readers(), Reader::id);
            if (agent.id() != null) {
                Map<String, String> own = new HashMap<>();
                ids.forEach(id -> own.put(id, "reader"));
                byAgent.putIfAbsent(agent.id(), own);
            }
            for (int j = 0; j < agent.readers().size(); j++) {
                Reader r = agent.readers().get(j);
                if (r == null) {
                    continue;
                }
                String at = path + "[" + j + "]";
                String earlier = r.id() == null ? null : first.putIfAbsent(r.id(), at);
                if (earlier != null && !earlier.startsWith(path + "[")) { // the same agent's duplicates are reported above
                    problems.add(at + ".id", "duplicate id '" + r.id() + "' (first at " + earlier + ")");
                }
            }
        }
        return byAgent;
    }

    /** The schedule names a rule or door may use, {@code always} included. */
    private Set<String> schedules() {
        Set<String> names = new HashSet<>(Set.of(Access.ALWAYS));
        access.schedules().forEach((name, windows) -> {
            String path = "access.schedules." + name;
            if (Access.ALWAYS.equals(name)) {
                problems.add(path, "'always' is built in (open at all times) and cannot be redefined");
                return;
            }
            checks.id(path, name);
            names.add(name);
            if (windows == null || windows.isEmpty()) {
                problems.add(path, "missing: at least one window {days, from, to}");
                return;
            }
            for (int k = 0; k < windows.size(); k++) {
                window(path + "[" + k + "]", windows.get(k));
            }
            overlaps(path, windows);
        });
        return names;
    }

    private void window(String path, Window w) {
        if (w == null) {
            problems.add(path, "empty entry");
            return;
        }
        if (w.days().isEmpty()) {
            problems.add(path + ".days", "missing: at least one day, e.g. [mon, tue, wed, thu, fri]");
        }
        span(path, w.from(), w.to(), "; an overnight shift is two windows, e.g. 22:00-24:00 and 00:00-06:00 on the next day");
    }

    /** From and to of a window or a one-day pass: both given, the end after the start, on the same day. */
    private void span(String path, LocalTime from, LocalTime to, String hint) {
        if (from == null) {
            problems.add(path + ".from", "missing: when it starts, e.g. 07:30");
        }
        if (to == null) {
            problems.add(path + ".to", "missing: when it ends, e.g. 16:00");
        }
        if (from != null && to != null && !to.isAfter(from)) {
            problems.add(path + ".to", Times.format(to) + " is not after from (" + Times.format(from) + ")" + hint);
        }
    }

    /** Two windows of one schedule that share a day and some time are a mistake: one of them is not what was meant. */
    private void overlaps(String path, List<Window> windows) {
        for (int l = 1; l < windows.size(); l++) {
            Window later = windows.get(l);
            for (int k = 0; k < l && valid(later); k++) {
                Window earlier = windows.get(k);
                if (!valid(earlier) || !earlier.from().isBefore(later.to()) || !later.from().isBefore(earlier.to())) {
                    continue;
                }
                Optional<Window.Day> day = Arrays.stream(Window.Day.values())
                        .filter(d -> earlier.days().contains(d) && later.days().contains(d)).findFirst();
                if (day.isPresent()) {
                    problems.add(path + "[" + l + "]", "overlaps window " + k + " on " + day.get().wire() + " ("
                            + Times.format(earlier.from()) + "-" + Times.format(earlier.to()) + ")");
                    break;
                }
            }
        }
    }

    private static boolean valid(Window w) {
        return w != null && w.from() != null && w.to() != null && w.to().isAfter(w.from());
    }

    private Set<String> cameras() {
        Set<String> ids = checks.ids("access.cameras", access.cameras(), Camera::id);
        for (int i = 0; i < access.cameras().size(); i++) {
            Camera c = access.cameras().get(i);
            String path = "access.cameras[" + i + "]";
            if (c == null) {
                continue;
            }
            snapshotUrl(path + ".snapshotUrl", c.snapshotUrl());
            checks.positive(path + ".timeout", c.timeout());
            if (c.timeout().compareTo(MAX_SNAPSHOT_TIMEOUT) > 0) {
                problems.add(path + ".timeout", "must be at most 30s: a snapshot is of use only near the moment of its event");
            }
            for (int j = 0; j < c.on().size(); j++) {
                String event = c.on().get(j);
                if (!Camera.EVENTS.contains(event)) {
                    problems.add(path + ".on[" + j + "]", "unknown event '" + event + "'; known: " + String.join(", ", Camera.EVENTS));
                }
            }
            if (checkFiles) {
                checks.file(path + ".credentialsFile", c.credentialsFile());
            }
        }
        return ids;
    }

    private void snapshotUrl(String path, String url) {
        if (url == null) {
            problems.add(path, "missing: the http(s) URL of the camera's still image");
            return;
        }
        try {
            URI uri = new URI(url);
            if (uri.getRawUserInfo() != null) {
                // Not repeated in the message: it holds a password.
                problems.add(path, "holds a user name or password: those go in credentialsFile, as user:password");
            } else if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add(path, "'" + url + "' is not an http(s) URL");
            }
        } catch (URISyntaxException e) {
            problems.add(path, "'" + url + "' is not a valid URL");
        }
    }

    private Set<String> doors(Set<String> rooms, Set<String> agents, Map<String, Map<String, String>> readers,
                              Set<String> schedules, Set<String> cameras) {
        Set<String> ids = checks.ids("access.doors", access.doors(), Door::id);
        if (access.doors().isEmpty()) {
            return ids;
        }
        // agent -> id -> kind, grouped once rather than a pass over the site's sensors per door
        Map<String, Map<String, String>> sensors = new HashMap<>();
        site.sensors().map(PlacedSensor::sensor)
                .filter(s -> s != null && s.id() != null && s.agent() != null && s.kind() != null)
                .forEach(s -> sensors.computeIfAbsent(s.agent(), a -> new HashMap<>()).putIfAbsent(s.id(), s.kind().wire()));
        Map<String, Map<String, String>> outputs = new HashMap<>();
        site.agents().stream().filter(a -> a != null && a.id() != null).forEach(a -> a.outputs().stream()
                .filter(o -> o != null && o.id() != null && o.kind() != null)
                .forEach(o -> outputs.computeIfAbsent(a.id(), x -> new HashMap<>()).putIfAbsent(o.id(), o.kind().wire())));
        Map<String, String> claimed = new HashMap<>();
        for (int i = 0; i < access.doors().size(); i++) {
            Door d = access.doors().get(i);
            String path = "access.doors[" + i + "]";
            if (d == null) {
                continue;
            }
            if (d.room() != null) {
                checks.reference(path + ".room", d.room(), rooms, "room");
            }
            checks.reference(path + ".agent", d.agent(), agents, "agent");
            if (d.agent() != null && agents.contains(d.agent())) {
                String a = d.agent();
                onAgent(path + ".contact", d.contact(), true, "sensor", SensorKind.DOOR.wire(), a, sensors.get(a), claimed);
                onAgent(path + ".lock", d.lock(), true, "output", Output.Kind.LOCK.wire(), a, outputs.get(a), claimed);
                onAgent(path + ".reader", d.reader(), false, "reader", null, a, readers.get(a), claimed);
                onAgent(path + ".exit", d.exit(), false, "sensor", SensorKind.EXIT_REQUEST.wire(), a, sensors.get(a), claimed);
                onAgent(path + ".tamper", d.tamper(), false, "sensor", SensorKind.TAMPER.wire(), a, sensors.get(a), claimed);
            }
            if (d.camera() != null) {
                checks.reference(path + ".camera", d.camera(), cameras, "camera");
            }
            timing(path, d);
            if (d.twoPersonOutside() != null) {
                checks.reference(path + ".twoPersonOutside", d.twoPersonOutside(), schedules, "schedule");
            }
            for (int j = 0; j < d.remoteUnlock().size(); j++) {
                String role = d.remoteUnlock().get(j);
                String at = path + ".remoteUnlock[" + j + "]";
                if (VIEWER.equals(role)) {
                    problems.add(at, "a viewer may not open doors (a read-only role); known: " + String.join(", ", UNLOCKING_ROLES));
                } else if (!UNLOCKING_ROLES.contains(role)) {
                    problems.add(at, "unknown role '" + role + "'; known: " + String.join(", ", UNLOCKING_ROLES));
                }
            }
            if (d.reader() == null && d.offline() == Door.Offline.ALLOW_LIST) {
                problems.add(path + ".offline", "allow-list needs a reader: the list is of badges, and this door has no reader");
            }
            if (d.reader() == null && d.pinRequired()) {
                problems.add(path + ".pinRequired", "a PIN is typed on a reader's keypad, and this door has no reader");
            }
        }
        return ids;
    }

    private void timing(String path, Door d) {
        if (d.unlockFor().compareTo(Duration.ofSeconds(1)) < 0 || d.unlockFor().compareTo(MAX_UNLOCK) > 0) {
            problems.add(path + ".unlockFor", "must be from 1s to 300s: the agent refuses longer unlock pulses");
        } else if (d.heldOpenAfter().compareTo(d.unlockFor()) <= 0) {
            problems.add(path + ".heldOpenAfter", "must be longer than unlockFor (" + Durations.format(d.unlockFor())
                    + "), or every granted entry would be held open");
        }
        checks.positive(path + ".twoPersonWithin", d.twoPersonWithin());
    }

    /**
     * A door's contact, lock, reader or exit button: a {@code thing} of {@code kind} (any kind when
     * null) on the door's own agent, serving no other door.
     */
    private void onAgent(String path, String value, boolean required, String thing, String kind, String agent,
                         Map<String, String> kindsOnAgent, Map<String, String> claimed) {
        Map<String, String> own = kindsOnAgent == null ? Map.of() : kindsOnAgent;
        List<String> fitting = own.entrySet().stream().filter(e -> kind == null || kind.equals(e.getValue()))
                .map(Map.Entry::getKey).sorted().toList();
        String known = fitting.isEmpty() ? "agent " + agent + " has none" : "known: " + String.join(", ", fitting);
        String ofKind = kind == null ? "" : " of kind " + kind;
        if (value == null) {
            if (required) {
                problems.add(path, "missing: which " + thing + ofKind + " on agent " + agent + " (" + known + ")");
            }
        } else if (!own.containsKey(value)) {
            problems.add(path, "no " + thing + " '" + value + "'" + ofKind + " on agent " + agent + "; " + known);
        } else if (kind != null && !kind.equals(own.get(value))) {
            problems.add(path, "'" + value + "' is " + article(thing) + " of kind " + own.get(value) + ", not " + kind + "; " + known);
        } else {
            String first = claimed.putIfAbsent(thing + " " + agent + "/" + value, path);
            if (first != null) {
                problems.add(path, "'" + value + "' is already used by " + first + ": " + article(thing) + " serves one door");
            }
        }
    }

    private static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    private Set<String> people() {
        Set<String> ids = checks.ids("access.people", access.people(), Person::id);
        Map<String, String> holders = new HashMap<>(); // badge in upper case -> who holds it
        for (int i = 0; i < access.people().size(); i++) {
            Person p = access.people().get(i);
            String path = "access.people[" + i + "]";
            if (p == null) {
                continue;
            }
            if (p.name() == null || p.name().isBlank()) {
                problems.add(path + ".name", "missing: the person's name, as the security log shows it");
            }
            for (int j = 0; j < p.badges().size(); j++) {
                String badge = p.badges().get(j);
                String at = path + ".badges[" + j + "]";
                if (badge == null) {
                    problems.add(at, "empty entry");
                } else if (!BADGE.matcher(badge).matches()) {
                    problems.add(at, "'" + badge + "' is not a badge number: 4 to 32 decimal or hex digits");
                } else {
                    String holder = holders.putIfAbsent(badge.toUpperCase(Locale.ROOT), p.id() + " (" + at + ")");
                    if (holder != null) {
                        problems.add(at, "badge '" + badge + "' is already held by " + holder);
                    }
                }
            }
            if (p.pinHash() != null && !BCRYPT.matcher(p.pinHash()).matches()) {
                // The hash is not repeated: a message may end up in a ticket or a chat.
                problems.add(path + ".pinHash", "not a bcrypt hash: $2a$, $2b$ or $2y$, a cost of 04 to 31, $, then 53 characters");
            }
            if (p.badges().isEmpty() && p.pinHash() == null) {
                problems.add(path, "needs at least one badge or a pinHash, or nothing identifies this person at a door");
            }
        }
        return ids;
    }

    private void rules(Set<String> people, Set<String> doors, Set<String> schedules) {
        checks.ids("access.rules", access.rules(), AccessRule::id);
        for (int i = 0; i < access.rules().size(); i++) {
            AccessRule r = access.rules().get(i);
            String path = "access.rules[" + i + "]";
            if (r == null) {
                continue;
            }
            if (r.people().isEmpty() && r.roles().isEmpty()) {
                problems.add(path, "needs people or roles: whom it lets in");
            }
            for (int j = 0; j < r.people().size(); j++) {
                checks.reference(path + ".people[" + j + "]", r.people().get(j), people, "person");
            }
            for (int j = 0; j < r.roles().size(); j++) {
                if (r.roles().get(j) == null) {
                    problems.add(path + ".roles[" + j + "]", "empty entry");
                }
            }
            if (r.doors().isEmpty()) {
                problems.add(path + ".doors", "missing: at least one door");
            }
            for (int j = 0; j < r.doors().size(); j++) {
                checks.reference(path + ".doors[" + j + "]", r.doors().get(j), doors, "door");
            }
            if ((r.schedule() == null) == (r.on() == null)) {
                problems.add(path, "needs exactly one of schedule (every week) or on (a one-day pass)"
                        + (r.schedule() == null ? "" : ", not both"));
            }
            if (r.schedule() != null) {
                checks.reference(path + ".schedule", r.schedule(), schedules, "schedule");
            }
            if (r.on() != null && r.schedule() == null) {
                span(path, r.from(), r.to(), ": a pass is for part of one day");
            } else if (r.from() != null || r.to() != null) {
                problems.add(path + (r.from() != null ? ".from" : ".to"),
                        "from and to go with on, for a one-day pass; a weekly rule takes its hours from its schedule");
            }
        }
    }
}
