package id.jaga.controller.report;

import id.jaga.config.SiteConfig;
import id.jaga.controller.alarm.AlarmSources;
import id.jaga.controller.alarm.AlarmStore;
import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.audit.AuditVerifier;
import id.jaga.controller.green.GreenFigures;
import id.jaga.controller.green.Period;
import id.jaga.controller.storage.Database;
import java.sql.SQLException;
import java.time.Clock;

/** Gathers a report's figures from the database: green figures, availability, failovers, doors, audit verification. */
public final class ReportBuilder {
    private final SiteConfig site;
    private final GreenFigures green;
    private final Availability availability;
    private final FailoverHistory failovers;
    private final DoorStatistics doors;
    private final AuditVerifier verifier;
    private final Clock clock;

    public ReportBuilder(SiteConfig site, Database db, AuditLog audit, AuditVerifier verifier, Clock clock) {
        this(site, new AlarmSources(site), db, audit, verifier, clock);
    }

    /** {@code sources}: which room each alarm was in, for availability per room. */
    public ReportBuilder(SiteConfig site, AlarmSources sources, Database db, AuditLog audit, AuditVerifier verifier, Clock clock) {
        this.site = site;
        this.green = new GreenFigures(db, site, clock);
        this.availability = new Availability(new AlarmStore(db), site, sources, clock);
        this.failovers = new FailoverHistory(db, clock);
        this.doors = new DoorStatistics(audit);
        this.verifier = verifier;
        this.clock = clock;
    }

    public GreenFigures green() {
        return green;
    }

    public Availability availability() {
        return availability;
    }

    public Report build(Period p) throws SQLException {
        return new Report(site.site().id(), site.site().name(), p, green.zone(), clock.instant(), green.pue(p), green.energy(p),
                green.inlets(p), green.days(p), availability.over(p), failovers.over(p), doors.over(p), verifier.verify());
    }
}
