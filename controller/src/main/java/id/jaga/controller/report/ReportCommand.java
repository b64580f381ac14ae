package id.jaga.controller.report;

import id.jaga.config.CallerDirectory;
import id.jaga.config.ConfigException;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.audit.AuditSigner;
import id.jaga.controller.audit.AuditVerifier;
import id.jaga.controller.green.GreenRollup;
import id.jaga.controller.green.Period;
import id.jaga.controller.storage.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jaga report --site FILE --from DATE --to DATE --format html|pdf|csv}: the ICT office's
 * report over whole local days, from the site's database. An embedded H2 database is locked by a
 * running controller: ask that one ({@code GET /api/reports}).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes the report for the ICT office: PUE, energy, emissions, inlet temperatures, availability,"
                + " incidents, failovers, door access and the audit log's verification.")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--site", required = true, description = "Site file (YAML): where the database is.")
    Path site;

    @Option(names = "--from", required = true, description = "First day, e.g. 2026-11-01.")
    LocalDate from;

    @Option(names = "--to", required = true, description = "Last day, included, e.g. 2026-11-30.")
    LocalDate to;

    @Option(names = "--format", defaultValue = "html", description = "html, pdf or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--lang", defaultValue = "id", description = "id (Bahasa Indonesia) or en (default: ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--out", description = "File to write (default: jaga-report-FROM-TO.FORMAT).")
    Path out;

    @Option(names = "--data-dir", defaultValue = "data", description = "The controller's data folder, with its keys (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    public static void main(String[] args) {
        System.exit(CallerDirectory.execute(new CommandLine(new ReportCommand()), args));
    }

    @Override
    public Integer call() {
        ReportFormat f = ReportFormat.of(format).orElse(null);
        if (f == null || !lang.matches("id|en") || to.isBefore(from)) {
            spec.commandLine().getErr().println(f == null ? "--format is html, pdf or csv" : !lang.matches("id|en")
                    ? "--lang is id or en" : "--to is on or after --from");
            return 2;
        }
        SiteConfig config;
        try {
            config = new SiteLoader().load(site);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        // The default lands where the user is, as a given --out does (not in the launcher's install folder).
        Path file = out != null ? out : CallerDirectory.resolve(Path.of("jaga-report-" + from + "-" + to + "." + f.extension()));
        Clock clock = Clock.systemUTC();
        try (Database db = Database.open(config.storage())) {
            new GreenRollup(db, config).run(); // the hours the controller had not rolled up yet when it stopped
            AuditLog audit = new AuditLog(db, clock);
            ReportBuilder builder = new ReportBuilder(config, db, audit,
                    new AuditVerifier(audit, new AuditSigner(audit, dataDir.resolve("keys"), clock)), clock);
            Report report = builder.build(Period.days(from, to, builder.green().zone()));
            Files.write(file, f.render(report, Labels.of(lang, builder.green().zone())));
            spec.commandLine().getOut().println("report written to " + file);
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("cannot write " + file + ": " + e.getMessage());
            return 2;
        } catch (SQLException | RuntimeException e) {
            spec.commandLine().getErr().println("cannot read the database: " + e.getMessage()
                    + (config.storage().url().startsWith("jdbc:h2:") ? "\n(an H2 database is locked while its controller runs:"
                    + " use GET /api/reports there)" : ""));
            return 2;
        }
    }
}
