package id.jaga.controller.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Storage;
import id.jaga.controller.storage.Database;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jaga audit verify} on an H2 file, as an auditor runs it with the controller stopped. */
class AuditCommandTest {
    @TempDir
    Path dir;

    @Test
    void saysIntactThenNamesTheRecordSomeoneChanged() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db/jaga").toAbsolutePath();
        try (Database db = Database.open(new Storage(url, null, null))) {
            AuditLog log = new AuditLog(db, Clock.systemUTC());
            AuditSigner signer = new AuditSigner(log, dir.resolve("data/keys"), Clock.systemUTC());
            for (int i = 0; i < 3; i++) {
                log.append("failover", "ON_DRC", "policy:fire", "drc-makassar", "round " + i);
            }
            signer.checkpoint();
        }
        Path site = Files.writeString(dir.resolve("site.yaml"), """
                site: {id: dc}
                storage: {url: "%s"}
                rooms: [{id: room}]
                """.formatted(url));

        StringWriter out = new StringWriter();
        assertEquals(0, run(out, site));
        assertTrue(out.toString().contains("audit log intact: 3 records, signed up to record 3"), out.toString());

        try (Database db = Database.open(new Storage(url, null, null)); Connection c = db.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_record SET detail = 'nothing happened' WHERE seq = 2");
        }
        StringWriter broken = new StringWriter();
        assertEquals(1, run(broken, site));
        assertTrue(broken.toString().contains("BROKEN at record 2: record 2 was changed"), broken.toString());
    }

    private int run(StringWriter out, Path site) {
        return new CommandLine(new AuditCommand()).setOut(new PrintWriter(out, true))
                .execute("verify", "--site", site.toString(), "--data-dir", dir.resolve("data").toString());
    }
}
