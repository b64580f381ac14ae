package id.jaga.agent.command;

import id.jaga.agent.output.Outputs;
import id.jaga.config.Output;
import id.jaga.sensors.command.CommandSigner;
import id.jaga.sensors.wire.Command;
import id.jaga.sensors.wire.CommandResult;
import id.jaga.sensors.wire.Wire;
import id.jaga.sensors.wire.WireException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on a command only when it is for this agent, signed with this agent's key, not expired,
 * issued since this agent started and never seen before; every command gets a result, every
 * refusal is logged with its reason. A decision on a badge ({@code unlock} or {@code deny} with a
 * {@code request}) is carried out only while that badge still waits for it.
 */
public final class CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);
    /** Clocks of controller and agent may differ by this much. */
    static final Duration SKEW = Duration.ofSeconds(30);
    /** Commands are meant to expire in seconds; a longer life is refused as unsafe. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(2);
    static final int MAX_PULSE_SECONDS = 300;

    private final String agent;
    private final CommandSigner signer;
    private final Outputs outputs;
    private final Clock clock;
    private final Instant startedAt;
    private final BadgeRequests requests;
    private final Map<String, Instant> seen = new HashMap<>();

    /** {@code signer} is null when the agent has no usable command key: then every command is refused. */
    public CommandHandler(String agent, CommandSigner signer, Outputs outputs, Clock clock) {
        this(agent, signer, outputs, clock, BadgeRequests.NONE);
    }

    /** {@code requests}: the badges waiting for a decision, which {@code unlock} and {@code deny} answer. */
    public CommandHandler(String agent, CommandSigner signer, Outputs outputs, Clock clock, BadgeRequests requests) {
        this.agent = agent;
        this.signer = signer;
        this.outputs = outputs;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.requests = requests;
    }

    /** Handles one payload from the command topic; empty when it is too broken to answer. */
    public synchronized Optional<CommandResult> handle(byte[] payload) {
        Command command;
        try {
            command = Wire.decode(payload, Command.class);
        } catch (WireException e) {
            LOG.warn("command refused, {}: {}", e.reason(), e.getMessage());
            return Optional.empty();
        }
        String refusal = refusal(command);
        if (refusal == null) {
            refusal = execute(command);
        }
        Instant now = clock.instant();
        if (refusal != null) {
            LOG.warn("command {} ({}) rejected: {}", command.id(), command.action(), refusal);
            return Optional.of(new CommandResult(Wire.SCHEMA, command.id(), agent, "rejected", refusal, now));
        }
        LOG.info("command {} done: {} {}", command.id(), command.action(), command.args());
        return Optional.of(new CommandResult(Wire.SCHEMA, command.id(), agent, "done", null, now));
    }

    private String refusal(Command c) {
        Instant now = clock.instant();
        seen.values().removeIf(expires -> expires.isBefore(now.minus(SKEW)));
        if (!agent.equals(c.agent())) {
            return "addressed to agent " + c.agent();
        }
        if (signer == null) {
            return "no usable command key on this agent";
        }
        if (!signer.verifies(c)) {
            return "bad signature";
        }
        if (!c.expires().isAfter(now)) {
            return "expired at " + c.expires();
        }
        if (c.issued().isAfter(now.plus(SKEW)) || Duration.between(c.issued(), c.expires()).compareTo(MAX_LIFETIME) > 0) {
            return "validity " + c.issued() + " to " + c.expires() + " is not acceptable";
        }
        if (c.issued().isBefore(startedAt.minus(SKEW))) {
            return "issued before this agent started";
        }
        if (seen.putIfAbsent(c.id(), c.expires()) != null) {
            return "replayed command id " + c.id();
        }
        return null;
    }

    private String execute(Command c) {
        if ("deny".equals(c.action())) {
            return deny(c);
        }
        String id = c.args().get("output");
        Optional<Output> output = id == null ? Optional.empty() : outputs.get(id);
        if (output.isEmpty()) {
            return "unknown output '" + id + "'";
        }
        switch (c.action()) {
            case "unlock" -> {
                if (output.get().kind() != Output.Kind.LOCK) {
                    return "output " + id + " is not a lock";
                }
                int seconds;
                try {
                    seconds = Integer.parseInt(c.args().getOrDefault("seconds", ""));
                } catch (NumberFormatException e) {
                    return "unlock needs seconds (1-" + MAX_PULSE_SECONDS + ")";
                }
                if (seconds < 1 || seconds > MAX_PULSE_SECONDS) {
                    return "unlock needs seconds (1-" + MAX_PULSE_SECONDS + ")";
                }
                // Without a request it is a remote unlock from the console, which answers no badge.
                String request = c.args().get("request");
                String refusal = request == null ? null : requests.claim(request, id, null);
                if (refusal != null) {
                    return refusal;
                }
                outputs.pulse(id, seconds);
                return null;
            }
            case "switch" -> {
                String state = c.args().get("state");
                if (!"on".equals(state) && !"off".equals(state)) {
                    return "switch needs state on or off";
                }
                outputs.set(id, "on".equals(state));
                return null;
            }
            default -> {
                return "unknown action '" + c.action() + "'; known: unlock, deny, switch";
            }
        }
    }

    /** The controller refuses a badge: nothing to switch, the badge waits no more. */
    private String deny(Command c) {
        String reader = c.args().get("reader");
        String request = c.args().get("request");
        if (reader == null || request == null) {
            return "deny needs reader and request";
        }
        String refusal = requests.claim(request, null, reader);
        if (refusal != null) {
            return refusal;
        }
        // A reader with an LED or buzzer line would show the refusal here; the Wiegand wiring has none.
        LOG.info("reader {}: badge request {} denied by the controller: {}", reader, request, c.args().getOrDefault("reason", "no reason given"));
        return null;
    }
}
