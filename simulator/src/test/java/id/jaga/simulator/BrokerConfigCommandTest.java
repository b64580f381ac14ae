package id.jaga.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.sensors.auth.AgentKeyRing;
import id.jaga.sensors.auth.AgentKeys;
import id.jaga.sensors.auth.MessageAuth;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jaga broker-config}: the files it writes, what it prints (never a secret), and its errors. */
class BrokerConfigCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cmd = new CommandLine(new JagaMain());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(Stream.concat(Stream.of("broker-config"), Stream.of(args)).toArray(String[]::new));
    }

    private Path site(String agentKeyFile) throws IOException {
        Files.writeString(dir.resolve("controller.password"), "controller-secret\n");
        return Files.writeString(dir.resolve("site.yaml"), """
                site: {id: dc}
                broker: {uris: ["tcp://127.0.0.1:1883"], username: jaga-controller, passwordFile: "%s"}
                rooms: [{id: room}]
                agents: [{id: pi-a, room: room, keyFile: "%s"}]
                """.formatted(dir.resolve("controller.password"), agentKeyFile));
    }

    @Test
    void writesTheBrokersFilesAndPrintsNoSecret() throws IOException {
        Path keys = dir.resolve("pi-a.keys");
        AgentKeys.append(keys);
        Path folder = dir.resolve("mosquitto");

        assertEquals(0, run("--site", site(keys.toString()).toString(), "--out", folder.toString(), "--persistence",
                dir.resolve("db").toString()), err::toString);

        String conf = Files.readString(folder.resolve("mosquitto.conf"));
        for (String line : new String[] {"per_listener_settings false", "allow_anonymous false", "password_file " + folder.resolve("passwd"),
                "acl_file " + folder.resolve("acl"), "listener 1883 127.0.0.1\n", "persistence true", "persistence_location " + dir.resolve("db") + "/",
                "max_queued_messages 0", "max_inflight_messages 5000", "queue_qos0_messages false", "max_topic_alias 0"}) {
            assertTrue(conf.contains(line), line + " in\n" + conf);
        }
        String passwd = Files.readString(folder.resolve("passwd"));
        assertEquals(2, passwd.lines().count());
        assertTrue(passwd.startsWith("pi-a:$7$101$"), passwd);
        assertTrue(passwd.contains("\njaga-controller:$7$101$"), passwd);
        String acl = Files.readString(folder.resolve("acl"));
        assertTrue(acl.contains("user pi-a\ntopic write jaga/v1/dc/agent/pi-a/state\n"), acl);
        assertTrue(acl.contains("user jaga-controller\ntopic read jaga/v1/dc/agent/+/state\n"), acl);

        String printed = out.toString() + err;
        assertTrue(printed.contains("wrote " + dir.resolve("mosquitto/passwd")), printed);
        assertFalse(printed.contains("controller-secret"), printed);
        assertFalse(printed.contains(MessageAuth.brokerPassword(AgentKeyRing.read(keys))), printed);
    }

    @Test
    void aMissingKeyFileIsNamedWithItsSetting() throws IOException {
        Path missing = dir.resolve("nowhere/pi-a.keys");
        Path site = site(missing.toString());

        assertEquals(2, run("--site", site.toString(), "--out", dir.resolve("out").toString()));
        assertEquals(site + ": agents[0].keyFile: " + missing + ": key file does not exist (make one with ./jaga keys new)",
                err.toString().strip());
        assertFalse(Files.exists(dir.resolve("out/passwd")));
    }
}
