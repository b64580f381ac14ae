package id.jaga.sensors.wire;

import java.util.Optional;

/** The MQTT topic tree of one site: {@code {prefix}/{site}/...}. */
public final class Topics {
    public static final String STATE = "state";
    public static final String TELEMETRY = "telemetry";
    public static final String EVENT = "event";
    public static final String CMD = "cmd";
    public static final String CMD_RESULT = "cmd/result";
    /** Retained, controller to agent: the signed {@link AllowList} for when the controller is out of reach. */
    public static final String ACCESS = "access";

    private final String root;

    public Topics(String prefix, String site) {
        this.root = prefix + "/" + site;
    }

    public String root() {
        return root;
    }

    public String agent(String agent, String channel) {
        return root + "/agent/" + agent + "/" + channel;
    }

    /** Subscription for one channel of every agent, e.g. {@code jaga/v1/demo/agent/+/telemetry}. */
    public String allAgents(String channel) {
        return root + "/agent/+/" + channel;
    }

    public String alarm() {
        return root + "/alarm";
    }

    public String alarmActive() {
        return root + "/alarm/active";
    }

    public String failover() {
        return root + "/failover";
    }

    public String failoverState() {
        return root + "/failover/state";
    }

    public String security() {
        return root + "/security";
    }

    /** The retained, signed head of the audit chain. */
    public String auditCheckpoint() {
        return root + "/security/checkpoint";
    }

    public String controllerState() {
        return root + "/controller/state";
    }

    /** The agent and channel of an agent topic of this site, if it is one. */
    public Optional<AgentTopic> parseAgentTopic(String topic) {
        String head = root + "/agent/";
        if (!topic.startsWith(head)) {
            return Optional.empty();
        }
        String rest = topic.substring(head.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        return Optional.of(new AgentTopic(rest.substring(0, slash), rest.substring(slash + 1)));
    }

    public record AgentTopic(String agent, String channel) {
    }
}
