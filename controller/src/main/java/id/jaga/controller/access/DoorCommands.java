package id.jaga.controller.access;

import id.jaga.config.Agent;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.command.CommandSigner;
import id.jaga.sensors.mqtt.MqttLink;
import id.jaga.sensors.wire.AllowList;
import id.jaga.sensors.wire.Command;
import id.jaga.sensors.wire.CommandResult;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's end of the signed command channel: signs each command with the agent's key,
 * gives it a life of seconds, publishes it, and hands back the agent's result (or a timeout).
 */
public final class DoorCommands {
    private static final Logger LOG = LoggerFactory.getLogger(DoorCommands.class);
    /** Long enough for a broker round trip, short enough that a captured command is soon worthless. */
    static final Duration LIFETIME = Duration.ofSeconds(10);

    private final MqttLink link;
    private final Topics topics;
    private final Clock clock;
    private final Map<String, CommandSigner> signers = new HashMap<>();
    private final Map<String, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();

    public DoorCommands(SiteConfig site, MqttLink link, Topics topics, Clock clock) {
        this.link = link;
        this.topics = topics;
        this.clock = clock;
        for (Agent a : site.agents()) {
            if (a.commandKeyFile() != null) {
                try {
                    signers.put(a.id(), CommandSigner.fromKeyFile(Path.of(a.commandKeyFile())));
                } catch (RuntimeException e) {
                    LOG.error("agent {}: {}; its doors cannot be opened from here", a.id(), e.getMessage());
                }
            }
        }
    }

    public boolean canCommand(String agent) {
        return signers.containsKey(agent);
    }

    /**
     * Sends a command; the future completes with the agent's result, or a {@code timed-out} result
     * after {@code wait}. Fails at once if the agent has no key or the broker is out of reach.
     */
    public CompletableFuture<CommandResult> send(String agent, String action, Map<String, String> args, Duration wait) {
        CommandSigner signer = signers.get(agent);
        String id = UUID.randomUUID().toString();
        if (signer == null) {
            return CompletableFuture.completedFuture(result(id, agent, "rejected", "no command key for agent " + agent));
        }
        Instant now = clock.instant();
        Command command = signer.sign(new Command(Wire.SCHEMA, id, agent, action, args, now, now.plus(LIFETIME), null));
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        waiting.put(id, result);
        try {
            link.publish(topics.agent(agent, Topics.CMD), Wire.encode(command), 1, false);
        } catch (Exception e) {
            waiting.remove(id);
            return CompletableFuture.completedFuture(result(id, agent, "rejected", "broker out of reach: " + e.getMessage()));
        }
        return result.completeOnTimeout(result(id, agent, "timed-out", "no answer within " + wait.toSeconds() + " s"),
                wait.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> waiting.remove(id));
    }

    /** A result from an agent's cmd/result topic; false when nobody here waits for it (a late or foreign one). */
    public boolean resulted(CommandResult result) {
        CompletableFuture<CommandResult> f = waiting.remove(result.id());
        return f != null && f.complete(result);
    }

    /** The allow-list signed with the agent's key, if the controller has it. */
    public Optional<AllowList> sign(AllowList list) {
        CommandSigner signer = signers.get(list.agent());
        return signer == null ? Optional.empty() : Optional.of(signer.sign(list));
    }

    private CommandResult result(String id, String agent, String result, String reason) {
        return new CommandResult(Wire.SCHEMA, id, agent, result, reason, clock.instant());
    }
}
