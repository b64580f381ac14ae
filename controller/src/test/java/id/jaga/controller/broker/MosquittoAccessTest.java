package id.jaga.controller.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/**
 * A real Mosquitto 2.0 started from the files {@link MosquittoConfig} wrote ({@code jaga broker-config}):
 * it accepts the passwords hashed in Java and enforces the rules of {@link BrokerAcl}
 * ({@link BrokerAccessContract}); nobody gets in anonymously.
 */
class MosquittoAccessTest extends BrokerAccessContract {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private Process process;
    private Path log;
    private List<Path> written;

    @Override
    String startBroker() throws Exception {
        if (!Files.isExecutable(MOSQUITTO)) {
            throw new IllegalStateException(MOSQUITTO + " is missing: ./jaga test installs it (Debian package mosquitto)");
        }
        int port = freePort();
        site = site(port, true);
        written = MosquittoConfig.forSite(site).write(dir.resolve("mosquitto"), dir.resolve("mosquitto-data"));
        Path conf = written.get(0);
        // As root, Mosquitto would switch to the 'mosquitto' user, who cannot read the test's owner-only
        // files; an operator chowns them instead. As anyone else 'user' is ignored.
        Files.writeString(conf, "user " + System.getProperty("user.name") + "\n", StandardOpenOption.APPEND);
        Files.createDirectories(dir.resolve("mosquitto-data"));
        log = dir.resolve("mosquitto.log");
        process = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        await().atMost(WITHIN).until(() -> listening(port));
        return "tcp://127.0.0.1:" + port;
    }

    private boolean listening(int port) throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": " + Files.readString(log));
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    void stopBroker() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    byte[] controllerPassword() {
        return "controller-secret-for-tests".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anonymousClientsAreRefused() {
        MqttException refused = assertThrows(MqttException.class, () -> connect("anonymous", null, null));
        assertTrue(isLoginRefusal(refused.getReasonCode()), "reason code " + refused.getReasonCode());
    }

    @Test
    void theSecretFilesAreTheOwnersAlone() throws IOException {
        for (Path file : written) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
    }
}
