package id.jaga.controller.ingest;

import id.jaga.config.Agent;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.auth.AgentKeyRing;
import id.jaga.sensors.auth.MessageAuth;
import id.jaga.sensors.mqtt.MqttLink.Incoming;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves that an agent's message comes from that agent: its {@link MessageAuth} property must verify
 * with one of the keys in the key file the site file names for the agent of the topic. Every key file
 * is read at start, so a missing, unreadable or too-short one stops the controller with the agent,
 * file and line named. A message naming a key id the ring does not hold makes the file be read again
 * (at most every {@link #RELOAD_EVERY}), so a key added for a rotation is in force without a restart.
 */
public final class AgentAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(AgentAuthenticator.class);
    static final Duration RELOAD_EVERY = Duration.ofSeconds(10);

    private final Map<String, AgentKeyRing> rings = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastReload = new HashMap<>();
    private final Clock clock;

    public AgentAuthenticator(SiteConfig site, Clock clock) {
        this.clock = clock;
        for (Agent agent : site.agents()) {
            if (agent.keyFile() == null) {
                throw new AgentKeyRing.KeyFileException("agent " + agent.id() + " has no keyFile in the site file: its"
                        + " messages could not be authenticated (make one with ./jaga keys new --site SITE.yaml --agent "
                        + agent.id() + ")");
            }
            try {
                rings.put(agent.id(), AgentKeyRing.read(Path.of(agent.keyFile())));
            } catch (AgentKeyRing.KeyFileException e) {
                throw new AgentKeyRing.KeyFileException("agent " + agent.id() + ": " + e.getMessage());
            }
        }
    }

    /** The verdict on a message on {@code agent}'s topics; the agent must be one of the site file's. */
    public MessageAuth.Verdict verify(String agent, Incoming message) {
        AgentKeyRing ring = rings.get(agent);
        MessageAuth.Verdict verdict = MessageAuth.verify(ring, message.payload(), message.auth());
        String keyId = MessageAuth.keyIdOf(message.auth());
        if (!verdict.authentic() && keyId != null && !ring.has(keyId) && reloaded(agent, ring)) {
            verdict = MessageAuth.verify(rings.get(agent), message.payload(), message.auth());
        }
        return verdict;
    }

    /** Reads the agent's key file again unless it was read a moment ago; true when the ring changed. */
    private synchronized boolean reloaded(String agent, AgentKeyRing ring) {
        Instant now = clock.instant();
        Instant last = lastReload.get(agent);
        if (last != null && now.isBefore(last.plus(RELOAD_EVERY))) {
            return false;
        }
        lastReload.put(agent, now);
        try {
            AgentKeyRing fresh = AgentKeyRing.read(ring.file());
            rings.put(agent, fresh);
            LOG.info("agent {}: key file {} read again: {}", agent, ring.file(), fresh);
            return true;
        } catch (AgentKeyRing.KeyFileException e) {
            LOG.warn("agent {}: key file read again but not usable, the keys before stay in force: {}", agent, e.getMessage());
            return false;
        }
    }
}
