package id.jaga.agent.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.agent.output.Outputs;
import id.jaga.config.Output;
import id.jaga.sensors.command.CommandSigner;
import id.jaga.sensors.driver.Drivers;
import id.jaga.sensors.output.SimulatedOutputs;
import id.jaga.sensors.wire.Command;
import id.jaga.sensors.wire.CommandResult;
import id.jaga.sensors.wire.Wire;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandHandlerTest {
    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
    private static final CommandSigner SIGNER = new CommandSigner("a-32-byte-or-longer-secret-key-for-tests".getBytes(StandardCharsets.UTF_8));
    private static final CommandSigner OTHER = new CommandSigner("another-agent's-key-which-is-long-enough".getBytes(StandardCharsets.UTF_8));

    private final SimulatedOutputs hardware = new SimulatedOutputs();
    private final Outputs outputs = new Outputs(List.of(
            new Output("lock-main", Output.Kind.LOCK, Map.of("type", "simulated")),
            new Output("siren", Output.Kind.SIREN, Map.of("type", "simulated"))),
            new Drivers(List.of(), List.of(hardware)));
    private final CommandHandler handler = new CommandHandler("pi-1", SIGNER, outputs, Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        outputs.close();
    }

    private static Command unlock(String id) {
        return new Command(Wire.SCHEMA, id, "pi-1", "unlock", Map.of("output", "lock-main", "seconds", "5"),
                NOW.minusSeconds(1), NOW.plusSeconds(10), null);
    }

    private Optional<CommandResult> send(Command c) {
        return handler.handle(Wire.encode(c));
    }

    private String rejection(Command c) {
        CommandResult r = send(c).orElseThrow();
        assertEquals("rejected", r.result());
        return r.reason();
    }

    @Test
    void aSignedFreshCommandIsCarriedOut() {
        CommandResult r = send(SIGNER.sign(unlock("c1"))).orElseThrow();

        assertEquals("done", r.result());
        assertEquals("c1", r.id());
        assertTrue(hardware.isOn("lock-main"), "unlocked for 5 s");
    }

    @Test
    void aReplayIsRefusedAndDoesNothing() {
        Command c = SIGNER.sign(unlock("c1"));
        send(c);
        outputs.set("lock-main", false);

        assertEquals("replayed command id c1", rejection(c));
        assertFalse(hardware.isOn("lock-main"));
    }

    @Test
    void forgedTamperedOrUnsignedCommandsAreRefused() {
        assertEquals("bad signature", rejection(OTHER.sign(unlock("c1"))));
        Command signed = SIGNER.sign(unlock("c2"));
        Command tampered = new Command(signed.schema(), signed.id(), signed.agent(), signed.action(),
                Map.of("output", "lock-main", "seconds", "300"), signed.issued(), signed.expires(), signed.signature());
        assertEquals("bad signature", rejection(tampered));
        assertEquals("bad signature", rejection(unlock("c3")));
        assertFalse(hardware.isOn("lock-main"));
    }

    @Test
    void expiredLongLivedOrOldCommandsAreRefused() {
        Command expired = new Command(Wire.SCHEMA, "c1", "pi-1", "unlock", Map.of("output", "lock-main", "seconds", "5"),
                NOW.minusSeconds(20), NOW.minusSeconds(5), null);
        assertTrue(rejection(SIGNER.sign(expired)).startsWith("expired at"));

        Command longLived = new Command(Wire.SCHEMA, "c2", "pi-1", "unlock", Map.of("output", "lock-main", "seconds", "5"),
                NOW, NOW.plusSeconds(3600), null);
        assertTrue(rejection(SIGNER.sign(longLived)).endsWith("is not acceptable"));

        Command beforeBoot = new Command(Wire.SCHEMA, "c3", "pi-1", "unlock", Map.of("output", "lock-main", "seconds", "5"),
                NOW.minusSeconds(100), NOW.plusSeconds(10), null);
        assertEquals("issued before this agent started", rejection(SIGNER.sign(beforeBoot)));
    }

    @Test
    void wrongAgentOutputOrArgumentsAreRefused() {
        Command other = new Command(Wire.SCHEMA, "c1", "pi-2", "unlock", Map.of("output", "lock-main", "seconds", "5"),
                NOW, NOW.plusSeconds(10), null);
        assertEquals("addressed to agent pi-2", rejection(SIGNER.sign(other)));
        assertEquals("unknown output 'lock-9'", rejection(SIGNER.sign(withArgs("c2", "unlock", Map.of("output", "lock-9", "seconds", "5")))));
        assertEquals("output siren is not a lock", rejection(SIGNER.sign(withArgs("c3", "unlock", Map.of("output", "siren", "seconds", "5")))));
        assertEquals("unlock needs seconds (1-300)", rejection(SIGNER.sign(withArgs("c4", "unlock", Map.of("output", "lock-main", "seconds", "3600")))));
        assertTrue(rejection(SIGNER.sign(withArgs("c5", "open-sesame", Map.of("output", "lock-main")))).startsWith("unknown action"));
    }

    @Test
    void switchTurnsAnOutputOnAndOff() {
        assertEquals("done", send(SIGNER.sign(withArgs("c1", "switch", Map.of("output", "siren", "state", "on")))).orElseThrow().result());
        assertTrue(hardware.isOn("siren"));
        send(SIGNER.sign(withArgs("c2", "switch", Map.of("output", "siren", "state", "off"))));
        assertFalse(hardware.isOn("siren"));
    }

    @Test
    void anAgentWithoutAKeyRefusesEverything() {
        CommandHandler keyless = new CommandHandler("pi-1", null, outputs, Clock.fixed(NOW, ZoneOffset.UTC));
        CommandResult r = keyless.handle(Wire.encode(SIGNER.sign(unlock("c1")))).orElseThrow();
        assertEquals("no usable command key on this agent", r.reason());
    }

    @Test
    void garbageGetsNoAnswerAndChangesNothing() {
        assertTrue(handler.handle("{\"unlock\":true}".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertFalse(hardware.isOn("lock-main"));
    }

    @Test
    void aDecisionIsCarriedOutOnlyWhileItsBadgeWaits() {
        List<String> claims = new java.util.ArrayList<>();
        CommandHandler doors = new CommandHandler("pi-1", SIGNER, outputs, Clock.fixed(NOW, ZoneOffset.UTC), (request, output, reader) -> {
            claims.add(request + " " + output + " " + reader);
            return request.equals("7") ? null : "request " + request + " already decided by the agent";
        });

        CommandResult late = doors.handle(Wire.encode(SIGNER.sign(withArgs("c1", "unlock",
                Map.of("output", "lock-main", "seconds", "5", "request", "6"))))).orElseThrow();
        CommandResult denied = doors.handle(Wire.encode(SIGNER.sign(withArgs("c2", "deny",
                Map.of("reader", "reader-a", "request", "7", "reason", "outside schedule"))))).orElseThrow();
        CommandResult incomplete = doors.handle(Wire.encode(SIGNER.sign(withArgs("c3", "deny", Map.of("reader", "reader-a"))))).orElseThrow();

        assertEquals("request 6 already decided by the agent", late.reason());
        assertEquals("done", denied.result());
        assertEquals("deny needs reader and request", incomplete.reason());
        assertEquals(List.of("6 lock-main null", "7 null reader-a"), claims);
        assertFalse(hardware.isOn("lock-main"), "neither the late unlock nor the deny switched anything");
    }

    private static Command withArgs(String id, String action, Map<String, String> args) {
        return new Command(Wire.SCHEMA, id, "pi-1", action, args, NOW, NOW.plusSeconds(10), null);
    }
}
