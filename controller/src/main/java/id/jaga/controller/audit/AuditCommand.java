package id.jaga.controller.audit;

import id.jaga.config.CallerDirectory;
import id.jaga.config.ConfigException;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.controller.storage.Database;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jaga audit verify --site FILE}: walks the audit chain in the site's database and reports
 * the first broken or missing record; exit code 0 when intact, 1 when not, 2 when it cannot look.
 * An embedded H2 database is locked by a running controller: ask that one ({@code GET /api/audit/verify}).
 */
@Command(name = "audit", mixinStandardHelpOptions = true, subcommands = AuditCommand.Verify.class,
        description = "The tamper-evident audit log.")
public final class AuditCommand {
    public static void main(String[] args) {
        System.exit(CallerDirectory.execute(new CommandLine(new AuditCommand()), args));
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Checks the whole audit chain and its signed checkpoints.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--site", required = true, description = "Site file (YAML): where the database is.")
        Path site;

        @Option(names = "--data-dir", defaultValue = "data", description = "The controller's data folder, with its keys (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Override
        public Integer call() {
            SiteConfig config;
            try {
                config = new SiteLoader().load(site);
            } catch (ConfigException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 2;
            }
            try (Database db = Database.open(config.storage())) {
                AuditLog log = new AuditLog(db, Clock.systemUTC());
                AuditVerifier.Result r = new AuditVerifier(log, new AuditSigner(log, dataDir.resolve("keys"), Clock.systemUTC())).verify();
                if (r.ok()) {
                    spec.commandLine().getOut().printf("audit log intact: %d records%s%n", r.checked(),
                            r.signedHeadSeq() == null ? ", no signed checkpoint yet" : ", signed up to record " + r.signedHeadSeq());
                    return 0;
                }
                spec.commandLine().getOut().printf("audit log BROKEN at record %d: %s (%d records before it are intact)%n",
                        r.firstBadSeq(), r.problem(), r.checked());
                return 1;
            } catch (SQLException | RuntimeException e) {
                spec.commandLine().getErr().println("cannot read the audit log: " + e.getMessage()
                        + (config.storage().url().startsWith("jdbc:h2:") ? "\n(an H2 database is locked while its controller runs:"
                        + " use GET /api/audit/verify there)" : ""));
                return 2;
            }
        }
    }
}
