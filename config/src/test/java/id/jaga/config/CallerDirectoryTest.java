package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The launcher runs Java in its install folder: paths the user gives are resolved where the user is. */
class CallerDirectoryTest {
    @Command(name = "tool")
    static final class Tool implements Runnable {
        @Option(names = "--site")
        Path site;
        @Option(names = "--data-dir", defaultValue = "data")
        Path dataDir;
        @Option(names = "--out")
        Path out;
        @Parameters
        List<Path> files;

        @Override
        public void run() {
        }
    }

    @AfterEach
    void clear() {
        System.clearProperty(CallerDirectory.PROPERTY);
    }

    @Test
    void givenPathsAreTheCallersAndDefaultsStayTheInstallFolders() {
        System.setProperty(CallerDirectory.PROPERTY, "/home/dewi/sites");
        Tool tool = new Tool();
        assertEquals(0, CallerDirectory.execute(new CommandLine(tool), "--site", "mysite.yaml", "--out", "/tmp/out",
                "a.yaml", "../b.yaml"));
        assertEquals(Path.of("/home/dewi/sites/mysite.yaml"), tool.site);
        assertEquals(Path.of("/tmp/out"), tool.out, "an absolute path is left alone");
        assertEquals(List.of(Path.of("/home/dewi/sites/a.yaml"), Path.of("/home/dewi/sites/../b.yaml")), tool.files);
        assertEquals(Path.of("data"), tool.dataDir, "a default is the install folder's");
    }

    @Test
    void withoutTheLauncherPathsAreLeftAsGiven() {
        Tool tool = new Tool();
        assertEquals(0, CallerDirectory.execute(new CommandLine(tool), "--site", "mysite.yaml"));
        assertEquals(Path.of("mysite.yaml"), tool.site);
    }
}
