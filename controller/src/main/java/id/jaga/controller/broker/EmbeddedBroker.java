package id.jaga.controller.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import id.jaga.config.SiteConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An MQTT 5 broker inside the controller process (HiveMQ CE), for a single room that runs
 * without a broker of its own, for the demo and for tests. In-memory: a production site points at
 * its own broker instead.
 *
 * <p>The broker a site file's {@code broker.embedded} starts ({@link #forSite}) knows every agent and
 * the controller by password and enforces {@link BrokerAcl}, as Mosquitto does with the files of
 * {@code jaga broker-config}. {@link #start(String, int, Path)} starts one without logins or rules,
 * for tests and tools that share one broker between sites they make up.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EmbeddedHiveMQ hivemq;
    private final String host;
    private final int port;
    private final String controllerUser;
    private final byte[] controllerPassword;
    private final Refusals refusals;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, String host, int port, String controllerUser, byte[] controllerPassword,
                           Refusals refusals) {
        this.hivemq = hivemq;
        this.host = host;
        this.port = port;
        this.controllerUser = controllerUser;
        this.controllerPassword = controllerPassword;
        this.refusals = refusals;
    }

    /**
     * The site's broker: agents log in with the passwords derived from their key files, the controller
     * with {@code broker.passwordFile} or, when the site file has none, a random password made now and
     * held in memory only ({@link #controllerPassword()}); anonymous clients only when {@code host} is
     * a loopback address, and then only to read what the NOC reads. Every key and password file is
     * read now: a missing one stops the start with the setting and file named.
     */
    public static EmbeddedBroker forSite(SiteConfig site, String host, int port, Path workDir) {
        byte[] generated = site.broker().passwordFile() == null ? randomPassword() : null;
        BrokerLogins logins = BrokerLogins.forSite(site, generated);
        Refusals refusals = new Refusals();
        AccessExtension access = new AccessExtension(BrokerAcl.forSite(site), logins, isLoopback(host), refusals);
        EmbeddedHiveMQ hivemq = build(host, port, workDir, access);
        return new EmbeddedBroker(hivemq, host, port, BrokerAcl.controllerUser(site), generated, refusals);
    }

    /** Without logins or topic rules: anyone may do anything. For tests and tools, never a site's broker. */
    public static EmbeddedBroker start(String host, int port, Path workDir) {
        return new EmbeddedBroker(build(host, port, workDir, null), host, port, null, null, new Refusals());
    }

    private static EmbeddedHiveMQ build(String host, int port, Path workDir, AccessExtension access) {
        try {
            Path conf = Files.createDirectories(workDir.resolve("conf"));
            // No topic aliases: under load Paho's MQTT 5 client sends a PUBLISH whose alias the broker
            // never saw, and the broker must then drop the connection; full topics cost a few bytes.
            Files.writeString(conf.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                        <listeners>
                            <tcp-listener><port>%d</port><bind-address>%s</bind-address></tcp-listener>
                        </listeners>
                        <persistence><mode>in-memory</mode></persistence>
                        <mqtt><topic-alias><enabled>false</enabled></topic-alias></mqtt>
                        <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(port, host));
            EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(workDir.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(workDir.resolve("extensions")))
                    .withoutLoggingBootstrap();
            if (access != null) {
                builder = builder.withEmbeddedExtension(access.embedded());
            }
            EmbeddedHiveMQ hivemq = builder.build();
            hivemq.start().join();
            return hivemq;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded broker in " + workDir, e);
        }
    }

    private static byte[] randomPassword() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII);
    }

    /** Only a loopback listener admits anonymous readers: nobody outside this machine reaches them. */
    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** On a free loopback port, without logins or rules ({@link #start(String, int, Path)}), as tests and benchmarks need it. */
    public static EmbeddedBroker onFreePort(Path workDir) {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the embedded broker", e);
        }
        return start("127.0.0.1", port, workDir);
    }

    public String uri() {
        return "tcp://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The user name the controller logs in with ({@link #forSite} only). */
    public String controllerUser() {
        return controllerUser;
    }

    /**
     * The controller's password when this broker made it (the site file has no {@code broker.passwordFile}),
     * for the controller in this process only; else null.
     */
    public byte[] controllerPassword() {
        return controllerPassword == null ? null : controllerPassword.clone();
    }

    /** What the broker refused: connects, publishes, subscriptions. */
    public Refusals refusals() {
        return refusals;
    }

    @Override
    public void close() {
        try {
            hivemq.stop().join();
        } finally {
            try {
                hivemq.close();
            } catch (Exception e) {
                // already stopped; nothing left to release
            }
        }
    }
}
