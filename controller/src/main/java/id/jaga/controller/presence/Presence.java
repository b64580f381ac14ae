package id.jaga.controller.presence;

import id.jaga.sensors.wire.AgentState;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** What the controller last heard of each agent: its birth or death, and when it last spoke. */
public final class Presence {
    private final Map<String, Entry> agents = new ConcurrentHashMap<>();

    public void state(AgentState state, Instant at) {
        agents.put(state.agent(), new Entry(state.status().wire(), state.bootSeq(), at));
    }

    public void heard(String agent, Instant at) {
        agents.merge(agent, new Entry("online", null, at), (old, now) -> new Entry(old.status(), old.bootSeq(), at));
    }

    public Map<String, Entry> snapshot() {
        return new TreeMap<>(agents);
    }

    public record Entry(String status, Long bootSeq, Instant lastSeen) {
    }
}
