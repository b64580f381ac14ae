package id.jaga.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Pi install script, laid out into a folder instead of / (no users, no systemd). */
class InstallScriptTest {
    @TempDir
    Path dir;

    private int install(Path root, Path jar, String site) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "packaging/install.sh", jar.toString(), site)
                .redirectErrorStream(true).redirectOutput(dir.resolve("install.log").toFile());
        pb.environment().put("JAGA_ROOT", root.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    void laysOutJarUnitSettingsAndSiteAndKeepsTheOperatorsEdits() throws Exception {
        Path root = dir.resolve("root");
        Path jar = Files.writeString(dir.resolve("jaga-agent.jar"), "jar");

        assertEquals(0, install(root, jar, "../config/examples/regency-dc.yaml"), () -> read(dir.resolve("install.log")));
        assertEquals("jar", Files.readString(root.resolve("opt/jaga/jaga-agent.jar")));
        String unit = Files.readString(root.resolve("etc/systemd/system/jaga-agent.service"));
        assertTrue(unit.contains("-jar /opt/jaga/jaga-agent.jar --site ${JAGA_SITE} --agent ${JAGA_AGENT} --state-dir /var/lib/jaga"));
        assertTrue(Files.readString(root.resolve("etc/default/jaga-agent")).contains("JAGA_AGENT="));
        assertTrue(Files.isDirectory(root.resolve("var/lib/jaga")));

        Files.writeString(root.resolve("etc/jaga/site.yaml"), "edited by the operator");
        Files.writeString(root.resolve("etc/default/jaga-agent"), "JAGA_AGENT=pi-row-b");
        Files.writeString(jar, "new jar");
        assertEquals(0, install(root, jar, "../config/examples/regency-dc.yaml"));
        assertEquals("new jar", Files.readString(root.resolve("opt/jaga/jaga-agent.jar")), "an upgrade replaces the jar");
        assertEquals("edited by the operator", Files.readString(root.resolve("etc/jaga/site.yaml")));
        assertEquals("JAGA_AGENT=pi-row-b", Files.readString(root.resolve("etc/default/jaga-agent")));
    }

    @Test
    void aMissingJarIsAClearError() throws Exception {
        assertEquals(1, install(dir.resolve("root"), dir.resolve("nope.jar"), ""));
        assertTrue(read(dir.resolve("install.log")).contains("no such jar"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
