package id.jaga.sensors.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.sensors.wire.Command;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandSignerTest {
    private static final CommandSigner DOC_KEY =
            new CommandSigner("example-key-for-documentation-only-0123456789".getBytes(StandardCharsets.UTF_8));
    private static final Command DOC_EXAMPLE = new Command(1, "cmd-7f3a9c", "pi-row-1", "unlock",
            Map.of("seconds", "10", "output", "lock-main"), Instant.parse("2025-03-14T02:16:00Z"),
            Instant.parse("2025-03-14T02:16:30Z"), null);

    @Test
    void theDocumentedExampleSignsAsAnyHmacToolSigns() {
        assertEquals("jaga-command-v1;10:cmd-7f3a9c;8:pi-row-1;6:unlock;20:2025-03-14T02:16:00Z;20:2025-03-14T02:16:30Z;"
                + "6:output;9:lock-main;7:seconds;2:10;", CommandSigner.canonical(DOC_EXAMPLE));
        // Computed independently: printf '%s' RENDERING | openssl dgst -sha256 -hmac KEY -binary | base64
        assertEquals("vEJcJWC8GaciB5ezPkkopxHzeEsJrbo8dsU0USAvNhQ=", DOC_KEY.sign(DOC_EXAMPLE).signature());
    }

    @Test
    void movingTextBetweenFieldsBreaksTheSignature() {
        Command a = new Command(1, "c", "pi", "switch", Map.of("output", "siren", "state", "on"), DOC_EXAMPLE.issued(),
                DOC_EXAMPLE.expires(), null);
        Command signed = DOC_KEY.sign(a);
        Command shifted = new Command(1, "c", "pi", "switch", Map.of("output", "siren;5:state", "state", "on"),
                DOC_EXAMPLE.issued(), DOC_EXAMPLE.expires(), signed.signature());
        assertTrue(DOC_KEY.verifies(signed));
        assertFalse(DOC_KEY.verifies(shifted));
    }

    @Test
    void shortKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CommandSigner("short".getBytes(StandardCharsets.UTF_8)));
    }
}
