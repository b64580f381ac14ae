package id.jaga.controller.report;

import id.jaga.controller.audit.AuditVerifier;
import id.jaga.controller.green.GreenFigures;
import id.jaga.controller.green.Period;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Everything a periodic report for the ICT office says, gathered once and rendered as HTML, PDF or CSV. */
public record Report(String siteId, String siteName, Period period, ZoneId zone, Instant generatedAt,
                     GreenFigures.Pue pue, GreenFigures.Energy energy, List<GreenFigures.Inlet> inlets,
                     List<GreenFigures.Day> days, Availability.Result availability, FailoverHistory.Result failovers,
                     DoorStatistics.Result doors, AuditVerifier.Result audit) {
}
