package id.jaga.controller.broker;

import id.jaga.config.Agent;
import id.jaga.config.DrcAction;
import id.jaga.config.DrcSite;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.wire.Topics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who may publish and subscribe to what on a site's broker: the one source of the rules that the
 * Mosquitto ACL file ({@link MosquittoConfig}) and the embedded broker ({@link AccessExtension})
 * enforce. An agent (user name = its id) writes its own state, telemetry, events and command
 * results and reads its own commands and allow-list and the controller's state; the controller
 * reads every agent's messages and is the only one that writes commands, allow-lists and what the
 * NOC hears; the optional NOC user reads alarms, failover, security and the controller's state.
 * Nobody else writes anything: one anonymous publish could otherwise raise a smoke alarm or start
 * a failover.
 */
public final class BrokerAcl {
    /** The controller's user name when the site file names none (the embedded broker). */
    public static final String DEFAULT_CONTROLLER_USER = "jaga-controller";

    public enum Access {
        /** Subscribe to it and receive it. */
        READ,
        /** Publish to it. */
        WRITE
    }

    /** One topic filter a user may read or write; {@code +} and {@code #} as in MQTT. */
    public record Grant(Access access, String filter) {
        public static Grant read(String filter) {
            return new Grant(Access.READ, filter);
        }

        public static Grant write(String filter) {
            return new Grant(Access.WRITE, filter);
        }
    }

    private final Map<String, List<Grant>> byUser;
    private final String controllerUser;
    private final String nocUser;
    private final List<Grant> nocGrants;

    private BrokerAcl(Map<String, List<Grant>> byUser, String controllerUser, String nocUser, List<Grant> nocGrants) {
        this.byUser = byUser;
        this.controllerUser = controllerUser;
        this.nocUser = nocUser;
        this.nocGrants = nocGrants;
    }

    public static BrokerAcl forSite(SiteConfig site) {
        Topics topics = new Topics(site.broker().topicPrefix(), site.site().id());
        Map<String, List<Grant>> byUser = new LinkedHashMap<>();
        for (Agent agent : site.agents()) {
            byUser.put(agent.id(), agentGrants(topics, agent.id()));
        }
        String controller = controllerUser(site);
        byUser.put(controller, controllerGrants(topics, site));
        List<Grant> noc = List.of(Grant.read(topics.alarm() + "/#"), Grant.read(topics.failover() + "/#"),
                Grant.read(topics.security() + "/#"), Grant.read(topics.controllerState()));
        String nocUser = site.broker().nocUsername();
        if (nocUser != null) {
            byUser.put(nocUser, noc);
        }
        return new BrokerAcl(Collections.unmodifiableMap(byUser), controller, nocUser, noc);
    }

    /** {@code broker.username}, or {@value #DEFAULT_CONTROLLER_USER} when the site file names none. */
    public static String controllerUser(SiteConfig site) {
        String user = site.broker().username();
        return user == null ? DEFAULT_CONTROLLER_USER : user;
    }

    private static List<Grant> agentGrants(Topics topics, String agent) {
        return List.of(
                Grant.write(topics.agent(agent, Topics.STATE)),
                Grant.write(topics.agent(agent, Topics.TELEMETRY)),
                Grant.write(topics.agent(agent, Topics.EVENT)),
                Grant.write(topics.agent(agent, Topics.CMD_RESULT)),
                Grant.read(topics.agent(agent, Topics.CMD)),
                Grant.read(topics.agent(agent, Topics.ACCESS)),
                Grant.read(topics.controllerState()));
    }

    private static List<Grant> controllerGrants(Topics topics, SiteConfig site) {
        List<Grant> grants = new ArrayList<>();
        for (String channel : List.of(Topics.STATE, Topics.TELEMETRY, Topics.EVENT, Topics.CMD_RESULT)) {
            grants.add(Grant.read(topics.allAgents(channel)));
        }
        for (String topic : List.of(topics.alarm(), topics.alarmActive(), topics.failover(), topics.failoverState(),
                topics.security(), topics.auditCheckpoint(), topics.controllerState(), topics.allAgents(Topics.CMD),
                topics.allAgents(Topics.ACCESS))) {
            grants.add(Grant.write(topic));
        }
        failoverStepTopics(site).forEach(topic -> grants.add(Grant.write(topic)));
        return List.copyOf(grants);
    }

    /**
     * The topics the failover and failback steps publish to ({@code mqtt} steps), as filters: the
     * site and DRC are known now; a level holding {@code {{trigger}}} or {@code {{key}}} becomes
     * {@code +}, since it differs with every attempt.
     */
    static Set<String> failoverStepTopics(SiteConfig site) {
        Set<String> topics = new LinkedHashSet<>();
        for (DrcSite drc : site.drcSites()) {
            Stream.concat(drc.failover().stream(), drc.failback().stream()).map(DrcAction::mqtt)
                    .filter(m -> m != null && m.topic() != null)
                    .map(m -> m.topic().replace("{{site}}", site.site().id()).replace("{{drc}}", drc.id()))
                    .map(topic -> String.join("/", Stream.of(topic.split("/", -1))
                            .map(level -> level.contains("{{") ? "+" : level).toList()))
                    .forEach(topics::add);
        }
        return topics;
    }

    /** Every user with rules, in the order agents, controller, NOC user. */
    public Set<String> users() {
        return byUser.keySet();
    }

    /** The rules of a user; none for a user the site does not know. */
    public List<Grant> grants(String user) {
        return user == null ? List.of() : byUser.getOrDefault(user, List.of());
    }

    public String controllerUser() {
        return controllerUser;
    }

    public Optional<String> nocUser() {
        return Optional.ofNullable(nocUser);
    }

    /** What the NOC user reads: alarms, failover, security and the controller's state; also anonymous readers of the embedded broker on loopback. */
    public List<Grant> nocGrants() {
        return nocGrants;
    }

    /** True when one of the grants lets its holder publish to {@code topic}. */
    public static boolean mayPublish(List<Grant> grants, String topic) {
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            return false;
        }
        for (Grant g : grants) {
            if (g.access() == Access.WRITE && covers(g.filter(), topic)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when one of the grants lets its holder subscribe to {@code filter}: every topic the filter
     * can match must be readable, so {@code agent/+/telemetry} needs a grant that covers all agents.
     */
    public static boolean maySubscribe(List<Grant> grants, String filter) {
        for (Grant g : grants) {
            if (g.access() == Access.READ && covers(g.filter(), filter)) {
                return true;
            }
        }
        return false;
    }

    /** True when every topic {@code filter} matches is also matched by {@code grant}; a plain topic is its own filter. */
    static boolean covers(String grant, String filter) {
        if (filter.isEmpty() || filter.startsWith("$")) {
            return false; // $SYS and shared subscriptions ($share/...) are never granted
        }
        String[] g = grant.split("/", -1);
        String[] f = filter.split("/", -1);
        for (int i = 0; i < g.length; i++) {
            if (g[i].equals("#")) {
                return true;
            }
            if (i >= f.length) {
                return false;
            }
            if (f[i].equals("#")) {
                return false; // the filter reaches further than the grant
            }
            if (!g[i].equals("+") && !g[i].equals(f[i])) {
                return false; // a literal grant level covers only the same literal, not '+'
            }
        }
        return g.length == f.length;
    }
}
