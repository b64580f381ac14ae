package id.jaga.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.sensors.auth.AgentKeys;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher, {@code ./jaga}, run from another folder as {@code /opt/jaga/jaga check mysite.yaml}
 * would be: the files named on its command line are the caller's, not the install folder's. The
 * launcher is copied into an install folder of its own, whose jar starts the simulator's main class
 * on this test's class path (so nothing is built, and the launcher finds no sources to rebuild).
 */
class LauncherTest {
    @TempDir
    static Path tmp;
    static Path install;
    static Path caller;

    @BeforeAll
    static void installTheLauncher() throws IOException {
        install = Files.createDirectories(tmp.resolve("opt/jaga"));
        Path launcher = Files.copy(Path.of("../jaga"), install.resolve("jaga"));
        assertTrue(launcher.toFile().setExecutable(true));
        for (String jar : List.of("firmware-agent/target/jaga-agent.jar", "controller/target/jaga-controller.jar")) {
            Files.createDirectories(install.resolve(jar).getParent());
            Files.writeString(install.resolve(jar), "not used by these commands");
        }
        Path sim = Files.createDirectories(install.resolve("simulator/target")).resolve("jaga-sim.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, JagaMain.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Stream.of(System.getProperty("java.class.path")
                .split(File.pathSeparator)).map(entry -> Path.of(entry).toAbsolutePath().toUri().toString())
                .collect(Collectors.joining(" ")));
        try (OutputStream out = Files.newOutputStream(sim); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        caller = Files.createDirectories(tmp.resolve("home/dewi/sites"));
        Path keys = caller.resolve("pi-a.keys");
        AgentKeys.append(keys);
        Files.writeString(caller.resolve("controller.password"), "controller-secret\n");
        Files.writeString(caller.resolve("mysite.yaml"), """
                site: {id: dc}
                broker: {uris: ["tcp://127.0.0.1:1883"], username: jaga-controller, passwordFile: "%s"}
                rooms: [{id: room}]
                agents: [{id: pi-a, room: room, keyFile: "%s"}]
                """.formatted(caller.resolve("controller.password"), keys));
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run jaga(String... args) throws Exception {
        Process p = new ProcessBuilder(Stream.concat(Stream.of(install.resolve("jaga").toString()), Stream.of(args)).toList())
                .directory(caller.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void aSiteFileNamedFromAnotherFolderIsTheCallers() throws Exception {
        Run ok = jaga("check", "mysite.yaml");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains(caller.resolve("mysite.yaml") + ": OK (site dc:"), ok.out());

        Run missing = jaga("check", "other.yaml");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains(caller.resolve("other.yaml") + ": cannot read: no such file"), missing.err());
    }

    @Test
    void filesWrittenOnRequestLandWhereTheCallerIs() throws Exception {
        Run broker = jaga("broker-config", "--site", "mysite.yaml", "--out", "mosquitto", "--persistence", caller.resolve("db").toString());
        assertEquals(0, broker.exit(), broker.err());
        assertTrue(Files.isRegularFile(caller.resolve("mosquitto/mosquitto.conf")), broker.out());
        assertFalse(Files.exists(install.resolve("mosquitto")), "nothing in the install folder");

        Run load = jaga("sim", "load", "--racks", "2", "--write-site", "load-site.yaml");
        assertEquals(0, load.exit(), load.err());
        assertTrue(Files.isRegularFile(caller.resolve("load-site.yaml")), load.out());
        assertFalse(Files.exists(install.resolve("load-site.yaml")));
        assertTrue(Files.isDirectory(install.resolve("data/load-keys")), "a default stays in the install folder");
    }
}
