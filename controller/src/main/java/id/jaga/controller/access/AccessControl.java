package id.jaga.controller.access;

import id.jaga.config.Access;
import id.jaga.config.Door;
import id.jaga.config.Person;
import id.jaga.config.SiteConfig;
import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.auth.User;
import id.jaga.controller.security.SecurityLog;
import id.jaga.sensors.mqtt.MqttLink;
import id.jaga.sensors.wire.AgentEvent;
import id.jaga.sensors.wire.AllowList;
import id.jaga.sensors.wire.CommandResult;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Door access, decided here: a badge event from an agent is judged against the site's access
 * rules, logged, and answered with a signed unlock or deny; remote unlocks from the console go
 * the same way; each agent gets a signed allow-list for when the controller is out of reach.
 * The rules are replaced whole when the site file is reloaded.
 */
public final class AccessControl {
    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);
    public static final String CATEGORY = SecurityLog.CATEGORY;
    /** How long an agent waits for a decision before its offline policy decides, with a second for clocks and transit. */
    public static final Duration AGENT_WAITS = Duration.ofSeconds(4);
    /** How long a remote unlock waits for the agent's answer before it is reported as timed out. */
    static final Duration REMOTE_WAIT = Duration.ofSeconds(10);
    /** The allow-lists are renewed this often, well before the horizon they cover runs out. */
    static final Duration ALLOW_LIST_RENEWAL = Duration.ofHours(6);

    private final SiteConfig site;
    private final ZoneId zone;
    private final AuditLog audit;
    private final DoorCommands commands;
    private final Doors doors;
    private final MqttLink link;
    private final Topics topics;
    private final Clock clock;
    private volatile AccessRules rules;
    private final Map<String, Pending> secondPerson = new HashMap<>();
    private final Map<String, Deque<Instant>> remoteUnlocks = new HashMap<>();
    private volatile Instant allowListsSent;

    public AccessControl(SiteConfig site, AuditLog audit, DoorCommands commands, Doors doors, MqttLink link, Topics topics,
                         Clock clock) {
        this.site = site;
        this.zone = site.site().zone();
        this.audit = audit;
        this.commands = commands;
        this.doors = doors;
        this.link = link;
        this.topics = topics;
        this.clock = clock;
        this.rules = new AccessRules(site.access(), zone);
    }

    public Access access() {
        return rules.access();
    }

    /** The rules in force now. */
    public AccessRules rules() {
        return rules;
    }

    /** New access rules from a reloaded site file: in force for the next badge, and sent to the agents' allow-lists. */
    public void reload(Access access, String source) throws SQLException {
        rules = new AccessRules(access, zone);
        audit.append(CATEGORY, "access-rules-reloaded", "site-file", null, source + ": " + access.doors().size() + " doors, "
                + access.people().size() + " people, " + access.rules().size() + " rules");
        publishAllowLists();
    }

    /** The door an agent's sensor, reader or exit button belongs to. */
    public Optional<Door> doorOf(String agent, String part) {
        return rules.access().doors().stream().filter(d -> agent.equals(d.agent()) && (part.equals(d.contact())
                || part.equals(d.reader()) || part.equals(d.exit()) || part.equals(d.tamper()) || part.equals(d.lock()))).findFirst();
    }

    /** An agent event, in the order the agent sent it; {@code boot} makes redeliveries recognisable. */
    public void event(String agent, long boot, AgentEvent event) throws SQLException {
        if (event.sensor() == null) {
            return;
        }
        Optional<Door> found = doorOf(agent, event.sensor());
        switch (event.type()) {
            case "badge" -> badge(agent, boot, event, found);
            case "door-opened" -> {
                if (found.isPresent()) {
                    doors.opened(found.get(), event.ts());
                }
            }
            case "door-closed" -> {
                if (found.isPresent()) {
                    doors.closed(found.get());
                }
            }
            case "exit-request", "access-granted" -> found.ifPresent(d -> doors.unlocked(d, event.ts(), d.unlockFor()));
            case "tamper", "tamper-cleared" -> {
                if (found.isPresent()) {
                    doors.tamper(found.get(), event.type().equals("tamper"));
                }
            }
            default -> {
            }
        }
    }

    private void badge(String agent, long boot, AgentEvent event, Optional<Door> found) throws SQLException {
        String badge = event.data().get("badge");
        String pin = event.data().get("pin");
        String credential = badge != null ? "badge " + badge : pin != null ? "PIN" : "nothing";
        String once = "decision:" + agent + ":" + boot + ":" + event.seq();
        if (found.isEmpty()) {
            audit.appendOnce(CATEGORY, "access-denied", badge == null ? null : "badge:" + badge, event.sensor(),
                    "reader " + event.sensor() + " of agent " + agent + " is at no door; " + credential, event.ts(), once);
            return;
        }
        Door door = found.get();
        Instant now = clock.instant();
        if ("agent".equals(event.data().get("decidedBy")) || event.ts().plus(AGENT_WAITS).isBefore(now)) {
            // Held up (a broker or controller outage): the agent has decided by its offline policy, and its own event says how.
            LOG.info("badge at {} from {}, {} s old, was decided by the agent", event.sensor(), agent,
                    Duration.between(event.ts(), now).toSeconds());
            return;
        }
        Decision decision = rules.decide(door, badge, pin, event.ts());
        String with = null;
        if (decision.granted() && rules.needsTwoPeople(door, event.ts())) {
            Pending first = secondPerson.get(door.id());
            if (first != null && !first.person.id().equals(decision.person().id())
                    && Duration.between(first.at, now).compareTo(door.twoPersonWithin()) <= 0) {
                secondPerson.remove(door.id());
                with = first.person.id();
            } else {
                secondPerson.put(door.id(), new Pending(decision.person(), now));
                decision = Decision.deny(decision.person(), "two-person rule: waiting for a second authorised person within "
                        + door.twoPersonWithin().toSeconds() + " s");
            }
        }
        String actor = decision.person() != null ? decision.person().id() : badge != null ? "badge:" + badge : null;
        String detail = credential + " at reader " + event.sensor() + ": " + decision.reason()
                + (with == null ? "" : "; with " + with + " (two-person rule)");
        if (audit.appendOnce(CATEGORY, decision.granted() ? "access-granted" : "access-denied", actor, door.id(), detail,
                event.ts(), once).isEmpty()) {
            return; // a redelivered badge: decided and answered before
        }
        String request = Long.toString(event.seq());
        if (decision.granted()) {
            commands.send(agent, "unlock", Map.of("output", door.lock(), "seconds", Long.toString(door.unlockFor().toSeconds()),
                    "request", request), REMOTE_WAIT).thenAccept(r -> afterUnlock(door, r, actor, "access-unlock"));
        } else {
            commands.send(agent, "deny", Map.of("reader", door.reader(), "request", request, "reason", decision.reason()),
                    REMOTE_WAIT);
        }
    }

    /** A result from an agent's cmd/result topic. */
    public void result(CommandResult result) {
        if (!commands.resulted(result)) {
            LOG.info("result of command {} from {} came when nobody waited: {} {}", result.id(), result.agent(),
                    result.result(), result.reason() == null ? "" : result.reason());
        }
    }

    private void afterUnlock(Door door, CommandResult r, String actor, String what) {
        if ("done".equals(r.result())) {
            doors.unlocked(door, r.ts(), door.unlockFor());
        }
        try {
            if (!"done".equals(r.result()) || what.startsWith("remote")) {
                audit.append(CATEGORY, what + "-" + r.result(), actor, door.id(), "command " + r.id()
                        + (r.reason() == null ? "" : ": " + r.reason()), null);
            }
        } catch (SQLException e) {
            LOG.error("cannot log the unlock result for door {}: {}", door.id(), e.getMessage());
        }
    }

    /**
     * A remote unlock asked for from the console: allowed only to the roles the site file names for
     * the door, at most {@code remoteUnlocksPerHour} per user, and always logged, refused or not.
     */
    public CompletableFuture<CommandResult> remoteUnlock(User user, String doorId, String reason, String from)
            throws UnlockRefused, SQLException {
        Optional<Door> found = rules.access().door(doorId);
        if (found.isEmpty()) {
            throw new UnlockRefused(404, "not-found", "no door '" + doorId + "'");
        }
        Door door = found.get();
        String where = "from " + from;
        if (!door.remoteUnlock().contains(user.role().wire())) {
            audit.append(CATEGORY, "remote-unlock-refused", user.name(), door.id(), "role " + user.role().wire()
                    + " may not unlock this door; " + where, null);
            throw new UnlockRefused(403, "forbidden", "role " + user.role().wire() + " may not unlock door " + door.id()
                    + "; the site file allows " + (door.remoteUnlock().isEmpty() ? "nobody" : String.join(", ", door.remoteUnlock())));
        }
        if (reason == null || reason.isBlank()) {
            throw new UnlockRefused(400, "invalid", "a reason is required");
        }
        if (!withinRate(user.name())) {
            audit.append(CATEGORY, "remote-unlock-refused", user.name(), door.id(), "more than "
                    + rules.access().remoteUnlocksPerHour() + " remote unlocks in an hour; " + where, null);
            throw new UnlockRefused(429, "rate-limited", "at most " + rules.access().remoteUnlocksPerHour()
                    + " remote unlocks an hour");
        }
        audit.append(CATEGORY, "remote-unlock", user.name(), door.id(), "reason: " + reason.strip() + "; " + where, null);
        return commands.send(door.agent(), "unlock", Map.of("output", door.lock(), "seconds",
                Long.toString(door.unlockFor().toSeconds())), REMOTE_WAIT)
                .whenComplete((r, e) -> {
                    if (r != null) {
                        afterUnlock(door, r, user.name(), "remote-unlock");
                    }
                });
    }

    private synchronized boolean withinRate(String user) {
        Instant now = clock.instant();
        Deque<Instant> recent = remoteUnlocks.computeIfAbsent(user, u -> new ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(Duration.ofHours(1)))) {
            recent.pollFirst();
        }
        if (recent.size() >= rules.access().remoteUnlocksPerHour()) {
            return false;
        }
        recent.addLast(now);
        return true;
    }

    /**
     * The periodic part: held-open and agent-offline checks of every door, and the allow-lists
     * renewed when due. {@code agentOnline} and {@code contactOpen} come from presence and the newest readings.
     */
    public void tick(Function<String, Boolean> agentOnline, Function<String, Boolean> contactOpen) throws SQLException {
        for (Door door : rules.access().doors()) {
            doors.check(door, Boolean.TRUE.equals(agentOnline.apply(door.agent())), contactOpen.apply(door.contact()));
        }
        Instant sent = allowListsSent;
        if (sent != null && sent.plus(ALLOW_LIST_RENEWAL).isBefore(clock.instant())) {
            publishAllowLists();
        }
    }

    /** Signs and publishes (retained) each door agent's allow-list; on every connect, reload and renewal. */
    public void publishAllowLists() {
        Instant now = clock.instant();
        Access access = rules.access();
        Instant until = now.plus(access.allowListFor());
        Map<String, List<AllowList.Entry>> byAgent = new LinkedHashMap<>();
        for (Door door : access.doors()) {
            List<AllowList.Entry> entries = byAgent.computeIfAbsent(door.agent(), a -> new ArrayList<>());
            // The agent cannot check a PIN, so a door that wants one is never opened offline.
            if (door.offline() != Door.Offline.ALLOW_LIST || door.reader() == null || door.pinRequired()) {
                continue;
            }
            for (Person p : access.people()) {
                for (Period period : rules.periods(p, door, now, until)) {
                    p.badges().forEach(b -> entries.add(new AllowList.Entry(door.reader(), AllowList.badgeHash(b),
                            p.id(), period.from(), period.to())));
                }
            }
        }
        byAgent.forEach((agent, entries) -> commands.sign(new AllowList(Wire.SCHEMA, agent, now, until, entries, null))
                .ifPresent(list -> {
                    try {
                        link.publish(topics.agent(agent, Topics.ACCESS), Wire.encode(list), 1, true);
                        LOG.info("allow-list for agent {}: {} entries until {}", agent, entries.size(), until);
                    } catch (Exception e) {
                        LOG.warn("allow-list for agent {} not sent: {}", agent, e.getMessage());
                    }
                }));
        allowListsSent = now;
    }

    public Doors doors() {
        return doors;
    }

    private record Pending(Person person, Instant at) {
    }
}
