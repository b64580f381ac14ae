package id.jaga.controller.alarm;

import id.jaga.config.Composite;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.wire.Reading;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The site file's composite alarms, e.g. "on battery AND runtime below 10 min", "two smoke
 * detectors in the same room", "more than half the racks of a room above MAJOR". Evaluated after
 * each message and each presence check; a composite's alarm has its id as type and its room (or the
 * site) as source.
 */
public final class CompositeRules {
    private final SiteConfig site;
    private final AlarmService alarms;
    private final Conditions conditions;

    public CompositeRules(SiteConfig site, AlarmService alarms, Function<String, Optional<Reading>> latest) {
        this(site, new AlarmSources(site), alarms, latest);
    }

    public CompositeRules(SiteConfig site, AlarmSources sources, AlarmService alarms, Function<String, Optional<Reading>> latest) {
        this.site = site;
        this.alarms = alarms;
        this.conditions = new Conditions(site, sources, latest);
    }

    /** Synchronized: ingest and the presence timer both call it, and each pass must see and set the alarms as one. */
    public synchronized void evaluate() throws SQLException {
        if (site.composites().isEmpty()) {
            return;
        }
        List<Alarm> active = alarms.activeAlarms();
        for (Composite c : site.composites()) {
            boolean holds = conditions.hold(c.all(), c.any(), c.room(), active);
            String source = c.room() != null ? c.room() : site.site().id();
            alarms.condition(source, c.id(), holds ? c.severity() : null, "composite " + c.id() + " holds in " + source, null);
        }
    }
}
