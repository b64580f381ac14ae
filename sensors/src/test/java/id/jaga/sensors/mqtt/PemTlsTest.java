package id.jaga.sensors.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Broker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM files of the broker settings: key types, and errors that name the setting and file but not the secret. */
class PemTlsTest {
    @TempDir
    Path dir;

    @Test
    void readsPkcs8KeysOfEachType() throws Exception {
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            PrivateKey key = KeyPairGenerator.getInstance(algorithm).generateKeyPair().getPrivate();
            Path file = dir.resolve(algorithm + ".key");
            Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");

            assertArrayEquals(key.getEncoded(), PemTls.privateKey(file.toString()).getEncoded(), algorithm);
        }
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        Path file = dir.resolve("agent.key");
        Files.writeString(file, "-----BEGIN RSA PRIVATE KEY-----\nTUlJRXBBSUJBQUtDQVFFQTNzZWNyZXQ=\n-----END RSA PRIVATE KEY-----\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PemTls.privateKey(file.toString()));

        assertTrue(e.getMessage().startsWith("broker.clientKeyFile " + file + ": a PKCS#1/SEC1 key;"), e.getMessage());
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
        assertFalse(e.getMessage().contains("TUlJ"), "never the key itself: " + e.getMessage());
    }

    @Test
    void aMissingCaFileIsNamed() {
        Broker broker = tls(dir.resolve("ca.pem"), null, null, null);

        RuntimeException e = assertThrows(RuntimeException.class, () -> new MqttLink(broker, "t", null));

        assertEquals("broker.caFile " + dir.resolve("ca.pem") + " does not exist", e.getMessage());
    }

    @Test
    void aCaFileWithoutCertificatesIsNamed() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");

        RuntimeException e = assertThrows(RuntimeException.class, () -> new MqttLink(tls(ca, null, null, null), "t", null));

        assertTrue(e.getMessage().startsWith("broker.caFile " + ca + ": "), e.getMessage());
    }

    @Test
    void aMissingPasswordFileIsNamed() {
        Broker broker = tls(null, null, null, dir.resolve("mqtt.password"));

        RuntimeException e = assertThrows(RuntimeException.class, () -> new MqttLink(broker, "t", null));

        assertEquals("broker.passwordFile " + dir.resolve("mqtt.password") + " does not exist", e.getMessage());
    }

    private static Broker tls(Path ca, Path cert, Path key, Path password) {
        return new Broker(List.of("ssl://127.0.0.1:8883"), null, password == null ? null : "agent", str(password),
                str(ca), str(cert), str(key), null);
    }

    private static String str(Path p) {
        return p == null ? null : p.toString();
    }
}
