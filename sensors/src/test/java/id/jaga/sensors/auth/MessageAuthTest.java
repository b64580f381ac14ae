package id.jaga.sensors.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MAC of an agent's message: as docs/protocol.md gives it, as openssl computes it, and what is refused. */
class MessageAuthTest {
    private static final String DOC_KEY = "5f1c0a6b3e9d4f7a8c2b1e0d9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f00";

    @TempDir
    Path dir;

    /** The example of docs/protocol.md, read from the page itself so the page cannot drift. */
    private static String docExample(String after) throws IOException {
        String doc = Files.readString(Path.of("../docs/protocol.md"));
        Matcher m = Pattern.compile(Pattern.quote(after) + ".*?```json\\n(.*?)\\n```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "the example after '" + after + "' is in docs/protocol.md");
        return m.group(1);
    }

    private AgentKeyRing ring(String... lines) throws IOException {
        Path file = dir.resolve("k-" + System.nanoTime() + ".keys");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return AgentKeyRing.read(file);
    }

    @Test
    void theDocumentedExampleIsWhatTheCodeAndOpensslCompute() throws Exception {
        String payload = docExample("### Checking a MAC with openssl");
        String doc = Files.readString(Path.of("../docs/protocol.md"));
        AgentKeyRing ring = ring("k1 " + DOC_KEY);
        String signed = MessageAuth.sign(ring, payload.getBytes(StandardCharsets.UTF_8));
        assertTrue(doc.contains("jaga-auth: " + signed), signed + " is the property the page gives");
        assertTrue(doc.contains(MessageAuth.brokerPassword(ring)), "the broker password the page gives");

        assertEquals(signed.substring("hmac-sha256:k1:".length()), openssl(payload));
        assertEquals(MessageAuth.brokerPassword(ring), openssl("jaga-broker-password-v1"));
    }

    private String openssl(String input) throws Exception {
        Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-mac", "HMAC", "-macopt", "hexkey:" + DOC_KEY)
                .redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out.substring(out.lastIndexOf(' ') + 1);
    }

    @Test
    void onlyTheRightKeyOverTheExactBytesVerifies() throws Exception {
        AgentKeyRing mine = ring("k1 " + DOC_KEY);
        AgentKeyRing other = ring("k1 " + "ab".repeat(32));
        byte[] payload = "{\"schema\":1}".getBytes(StandardCharsets.UTF_8);
        String property = MessageAuth.sign(mine, payload);

        assertTrue(MessageAuth.verify(mine, payload, property).authentic());
        assertEquals(MessageAuth.Failure.UNSIGNED, MessageAuth.verify(mine, payload, null).failure());
        assertEquals(MessageAuth.Failure.BAD_SIGNATURE, MessageAuth.verify(other, payload, property).failure());
        assertEquals(MessageAuth.Failure.BAD_SIGNATURE, MessageAuth.verify(mine, "{\"schema\":2}".getBytes(StandardCharsets.UTF_8),
                property).failure());
        MessageAuth.Verdict truncated = MessageAuth.verify(mine, payload, property.substring(0, property.length() - 1));
        assertEquals(MessageAuth.Failure.BAD_SIGNATURE, truncated.failure());
        assertTrue(truncated.detail().contains("truncated"), truncated.detail());
        assertEquals(MessageAuth.Failure.BAD_SIGNATURE, MessageAuth.verify(mine, payload, "hmac-sha256:k1").failure());
        assertEquals(MessageAuth.Failure.BAD_SIGNATURE, MessageAuth.verify(mine, payload, property.toUpperCase()).failure(),
                "the scheme is exact");
    }

    @Test
    void aRingSignsWithItsNewestKeyAndAcceptsEveryKeyItHolds() throws Exception {
        Path file = dir.resolve("pi.keys");
        assertEquals("k1", AgentKeys.append(file));
        byte[] payload = "x".getBytes(StandardCharsets.UTF_8);
        String old = MessageAuth.sign(AgentKeyRing.read(file), payload);
        assertEquals("k2", AgentKeys.append(file));

        AgentKeyRing both = AgentKeyRing.read(file);
        assertEquals(List.of("k1", "k2"), both.ids());
        assertTrue(MessageAuth.sign(both, payload).startsWith("hmac-sha256:k2:"));
        assertTrue(MessageAuth.verify(both, payload, old).authentic(), "a message queued under the old key still counts");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        assertEquals(1, AgentKeys.retireAllButNewest(file));
        AgentKeyRing newest = AgentKeyRing.read(file);
        assertEquals(List.of("k2"), newest.ids());
        assertFalse(MessageAuth.verify(newest, payload, old).authentic());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void unusableKeyFilesAreNamedWithTheirLineAndNeverShowTheSecret() throws Exception {
        String secret = "cd".repeat(16);
        AgentKeyRing.KeyFileException shortKey = assertThrows(AgentKeyRing.KeyFileException.class,
                () -> ring("# comment", "k1 " + secret));
        assertTrue(shortKey.getMessage().endsWith(":2: key k1 is too short: 16 bytes, at least 32 needed"), shortKey.getMessage());
        assertFalse(shortKey.getMessage().contains(secret));

        Path missing = dir.resolve("missing.keys");
        assertEquals(missing + ": key file does not exist (make one with ./jaga keys new)",
                assertThrows(AgentKeyRing.KeyFileException.class, () -> AgentKeyRing.read(missing)).getMessage());
        assertTrue(assertThrows(AgentKeyRing.KeyFileException.class, () -> ring("# nothing")).getMessage()
                .endsWith(": key file holds no key (make one with ./jaga keys new)"));
        assertTrue(assertThrows(AgentKeyRing.KeyFileException.class, () -> ring("k1 not-hex-at-all")).getMessage()
                .endsWith(":1: key k1: the secret is not hex"));
        assertTrue(assertThrows(AgentKeyRing.KeyFileException.class, () -> ring("k1 " + DOC_KEY, "k1 " + DOC_KEY)).getMessage()
                .endsWith(":2: key id k1 appears twice"));
        assertNull(MessageAuth.keyIdOf(null));
        assertFalse(ring("k1 " + DOC_KEY).toString().contains(DOC_KEY), "toString never shows a secret");
    }
}
