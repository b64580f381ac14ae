package id.jaga.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Broker;
import id.jaga.sensors.mqtt.MqttLink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MqttLink over TLS against a real Mosquitto: the CA, the broker's host name, passwords and client certificates. */
class MqttTlsTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String LOOPBACK = "IP:127.0.0.1,DNS:localhost";
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    @TempDir
    static Path pkiDir;
    private static Path ca;
    private static TestPki.Issued server;
    private static TestPki.Issued client;
    private static TestPki.Issued rogueServer;
    private static TestPki.Issued otherHostServer;

    @TempDir
    Path dir;
    private MosquittoBroker broker;
    private final List<MqttLink> links = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        TestPki pki = new TestPki(pkiDir);
        ca = pki.ca("site-ca");
        server = pki.issue("site-ca", "broker", "127.0.0.1", LOOPBACK);
        client = pki.issue("site-ca", "agent", "pi-row-a", null);
        pki.ca("rogue-ca");
        rogueServer = pki.issue("rogue-ca", "rogue-broker", "127.0.0.1", LOOPBACK);
        // Signed by the site's CA, but for another host: only host name verification catches it.
        otherHostServer = pki.issue("site-ca", "elsewhere", "mqtt.elsewhere.example", "DNS:mqtt.elsewhere.example");
    }

    @AfterEach
    void stop() throws Exception {
        links.forEach(MqttLink::close);
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void passwordOverTlsDeliversToAPlainSubscriber() throws Exception {
        Path passwords = dir.resolve("passwd");
        MosquittoBroker.passwordFile(passwords, "pi-row-a", "s3cret");
        broker = tlsBroker(server).passwordFile(passwords).start();
        List<String> received = new CopyOnWriteArrayList<>();
        MqttLink watcher = link(new Broker(List.of(broker.uri()), null, null, null, null));
        watcher.onMessage(m -> received.add(m.topic() + " " + new String(m.payload(), StandardCharsets.UTF_8)));
        watcher.start();
        await().atMost(WITHIN).until(watcher::isConnected);
        watcher.subscribe("jaga/v1/#", 1).waitForCompletion(5_000);

        MqttLink agent = link(tls(secret("s3cret"), null, null));
        agent.start();
        await().atMost(WITHIN).until(agent::isConnected);
        agent.publishAndWait("jaga/v1/kab-luwu/pi-row-a/telemetry", "{\"seq\":0}".getBytes(StandardCharsets.UTF_8), 1, false, 5_000);

        await().atMost(WITHIN).until(() -> received.contains("jaga/v1/kab-luwu/pi-row-a/telemetry {\"seq\":0}"));
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        Path passwords = dir.resolve("passwd");
        MosquittoBroker.passwordFile(passwords, "pi-row-a", "s3cret");
        broker = tlsBroker(server).passwordFile(passwords).start();

        List<Throwable> failures = startRecordingFailures(tls(secret("guess"), null, null));

        // Two refusals: the link retried after the first and stayed out.
        await().atMost(WITHIN).until(() -> failures.size() >= 2);
        MqttException refused = assertInstanceOf(MqttException.class, failures.get(0), broker.log());
        // Mosquitto 2.0 answers 'not authorized' (135); 'bad user name or password' (134) is as good.
        assertTrue(Set.of(134, 135).contains(refused.getReasonCode()), refused + "\n" + broker.log());
        assertFalse(links.get(0).isConnected());
    }

    @Test
    void serverCertificateFromAnotherCaIsRefused() throws Exception {
        broker = tlsBroker(rogueServer).start();

        List<Throwable> failures = startRecordingFailures(tls(null, null, null));

        await().atMost(WITHIN).until(() -> !failures.isEmpty());
        assertTlsRefused(failures.get(0), "unable to find valid certification path");
        assertFalse(links.get(0).isConnected());
    }

    @Test
    void serverCertificateForAnotherHostIsRefused() throws Exception {
        broker = tlsBroker(otherHostServer).start();

        List<Throwable> failures = startRecordingFailures(tls(null, null, null));

        await().atMost(WITHIN).until(() -> !failures.isEmpty());
        assertTlsRefused(failures.get(0), "127.0.0.1");
        assertFalse(links.get(0).isConnected());
    }

    @Test
    void clientCertificateIsAcceptedWhenTheBrokerRequiresOne() throws Exception {
        broker = tlsBroker(server).requireCertificate().start();

        MqttLink agent = link(tls(null, client.cert(), client.key()));
        agent.start();
        await().atMost(WITHIN).until(agent::isConnected);
        agent.publishAndWait("jaga/v1/kab-luwu/pi-row-a/state", "{}".getBytes(StandardCharsets.UTF_8), 1, false, 5_000);
    }

    @Test
    void withoutAClientCertificateABrokerThatRequiresOneRefuses() throws Exception {
        broker = tlsBroker(server).requireCertificate().start();

        List<Throwable> failures = startRecordingFailures(tls(null, null, null));

        await().atMost(WITHIN).until(() -> !failures.isEmpty());
        assertFalse(links.get(0).isConnected(), broker.log());
    }

    private MosquittoBroker.Builder tlsBroker(TestPki.Issued cert) throws Exception {
        return MosquittoBroker.builder(dir, MosquittoBroker.freePort())
                .tls(MosquittoBroker.freePort(), ca, cert.cert(), cert.key());
    }

    /** The site file's broker section for the TLS listener: CA, and a password file or client certificate. */
    private Broker tls(Path passwordFile, Path certFile, Path keyFile) {
        return new Broker(List.of(broker.tlsUri()), null, passwordFile == null ? null : "pi-row-a", str(passwordFile),
                ca.toString(), str(certFile), str(keyFile), null);
    }

    private Path secret(String password) throws Exception {
        Path file = dir.resolve("password-" + password);
        Files.writeString(file, password + "\n");
        return file;
    }

    private List<Throwable> startRecordingFailures(Broker settings) {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        MqttLink link = link(settings);
        link.onConnectFailed(failures::add);
        link.start();
        return failures;
    }

    private MqttLink link(Broker settings) {
        MqttLink link = new MqttLink(settings, "tls-test-" + CLIENTS.incrementAndGet(), null);
        links.add(link);
        return link;
    }

    private static void assertTlsRefused(Throwable failure, String reason) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof SSLException)) {
            cause = cause.getCause();
        }
        assertInstanceOf(SSLException.class, cause, "a TLS handshake failure: " + failure);
        assertTrue(cause.getMessage().contains(reason), cause.getMessage());
    }

    private static String str(Path p) {
        return p == null ? null : p.toString();
    }
}
