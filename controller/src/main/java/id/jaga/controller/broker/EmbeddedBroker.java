package id.jaga.controller.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An MQTT 5 broker inside the controller process (HiveMQ CE), for a single room that runs
 * without a broker of its own, for the demo and for tests. In-memory: a production site points at
 * its own broker instead.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final EmbeddedHiveMQ hivemq;
    private final String host;
    private final int port;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, String host, int port) {
        this.hivemq = hivemq;
        this.host = host;
        this.port = port;
    }

    public static EmbeddedBroker start(String host, int port, Path workDir) {
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
            EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(workDir.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(workDir.resolve("extensions")))
                    .withoutLoggingBootstrap()
                    .build();
            hivemq.start().join();
            return new EmbeddedBroker(hivemq, host, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded broker in " + workDir, e);
        }
    }

    /** On a free loopback port, as tests and benchmarks need it. */
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
