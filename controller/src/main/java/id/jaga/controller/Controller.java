package id.jaga.controller;

import id.jaga.config.AlarmTypes;
import id.jaga.config.ConfigException;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.config.Door;
import id.jaga.controller.access.AccessControl;
import id.jaga.controller.access.DoorCommands;
import id.jaga.controller.access.Doors;
import id.jaga.controller.access.Snapshots;
import id.jaga.controller.alarm.AlarmPublisher;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.AlarmSources;
import id.jaga.controller.alarm.AlarmStore;
import id.jaga.controller.alarm.CompositeRules;
import id.jaga.controller.alarm.Conditions;
import id.jaga.controller.failover.DrcProbes;
import id.jaga.controller.failover.Failover;
import id.jaga.controller.gaps.DataGaps;
import id.jaga.controller.alarm.Freshness;
import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.audit.AuditSigner;
import id.jaga.controller.audit.AuditVerifier;
import id.jaga.controller.auth.Accounts;
import id.jaga.controller.broker.EmbeddedBroker;
import id.jaga.controller.broker.OrderedPublisher;
import id.jaga.controller.green.GreenRollup;
import id.jaga.controller.green.LivePower;
import id.jaga.controller.history.Retention;
import id.jaga.controller.http.ApiServer;
import id.jaga.controller.http.LiveEvents;
import id.jaga.controller.ingest.AgentAuthenticator;
import id.jaga.controller.ingest.Ingest;
import id.jaga.controller.metrics.ControllerMeters;
import id.jaga.controller.ingest.IngestQueue;
import id.jaga.controller.notify.NotificationLog;
import id.jaga.controller.notify.Notifications;
import id.jaga.controller.opcua.OpcUa;
import id.jaga.controller.ingest.LatestReadings;
import id.jaga.controller.ingest.ReadingStore;
import id.jaga.controller.ingest.Rejections;
import id.jaga.controller.ingest.SequenceGuard;
import id.jaga.controller.presence.Presence;
import id.jaga.controller.report.ReportBuilder;
import id.jaga.controller.security.SecurityLog;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.mqtt.MqttLink;
import id.jaga.sensors.wire.AuditCheckpoint;
import id.jaga.sensors.wire.ControllerState;
import id.jaga.sensors.wire.SecurityEvent;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The controller process, wired by hand: broker (optional), storage, ingest, alarms, HTTP API. */
public final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    public static final String VERSION = versionOf(Controller.class);

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final MqttLink link;
    private final ApiServer api;
    private final String brokerUri;
    private final Rejections rejections;
    private final Topics topics;
    private final SiteConfig site;
    private final PrometheusMeterRegistry registry;
    private final Accounts accounts;
    private final Failover failover;
    private final AccessControl access;
    private final AuditLog audit;
    private final AlarmService alarms;
    private final OpcUa opcua;
    public static final String SITE_FILE_INVALID = AlarmTypes.SITE_FILE_INVALID;
    private final java.util.concurrent.atomic.AtomicBoolean listening = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final AutoCloseable hangUp; // says offline, then leaves the broker

    private Controller(SiteConfig configured, Path dataDir, Clock clock, Pace pace) throws SQLException {
        SiteConfig site = configured;
        // First: a key file that cannot be read stops the start before anything is opened.
        AgentAuthenticator authenticator = new AgentAuthenticator(site, clock);
        EmbeddedBroker embedded = null;
        if (site.broker().embedded() != null) {
            var e = site.broker().embedded();
            embedded = track(EmbeddedBroker.forSite(site, e.host(), e.port(), dataDir.resolve("broker")));
            site = site.withBrokerUris(List.of(embedded.uri()));
        }
        this.site = site;
        if (site.broker().acceptedInsecure()) {
            LOG.warn("SECURITY: the site file accepts an unencrypted or unauthenticated broker link beyond this host"
                    + " (broker.insecure): {}", site.broker().insecureReason());
        }
        this.brokerUri = site.broker().uris().get(0);
        String siteId = site.site().id();
        topics = new Topics(site.broker().topicPrefix(), siteId);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        rejections = new Rejections(registry, site, clock);

        Database db = track(Database.open(site.storage()));
        ReadingStore readings = new ReadingStore(db);
        LatestReadings latest = new LatestReadings();
        readings.latestPerSensor(site.sensors().collect(Collectors.groupingBy(p -> p.sensor().agent(),
                Collectors.mapping(p -> p.sensor().id(), Collectors.toSet())))).forEach(latest::offer);
        AlarmStore alarmStore = new AlarmStore(db);
        accounts = new Accounts(db, clock, site.controller().http().sessionTimeout());
        accounts.createFirstAdmin().ifPresent(password -> System.out.println("""
                
                  First start: user 'admin' was created with the one-time password
                      %s
                  It is shown only this once and must be changed at the first sign-in.
                """.formatted(password)));

        MqttLink.Will will = new MqttLink.Will(topics.controllerState(),
                Wire.encode(new ControllerState(Wire.SCHEMA, siteId, "offline", null, null)));
        byte[] brokerMade = embedded == null ? null : embedded.controllerPassword();
        link = brokerMade == null ? new MqttLink(site.broker(), "jaga-controller-" + siteId, will)
                : MqttLink.withPassword(site.broker(), "jaga-controller-" + siteId, embedded.controllerUser(), brokerMade, will);
        if (embedded != null) {
            embedded.refusals().registerIn(registry);
        }
        OrderedPublisher toNoc = track(new OrderedPublisher(link));
        Gauge.builder("jaga.noc.unacknowledged", toNoc, OrderedPublisher::pending)
                .description("alarm, failover and security messages for the NOC not yet acknowledged by the broker").register(registry);
        AlarmPublisher publisher = new AlarmPublisher(siteId, topics, toNoc, clock);
        // Which room each alarm source is in, for everyone who asks: with the doors of the access rules in force.
        AtomicReference<AccessControl> accessInForce = new AtomicReference<>();
        SiteConfig configuredSite = site;
        AlarmSources alarmSources = new AlarmSources(site, () -> Optional.ofNullable(accessInForce.get())
                .map(AccessControl::access).orElse(configuredSite.access()));
        Notifications notifications = track(new Notifications(site, alarmSources, new NotificationLog(db), clock));
        audit = new AuditLog(db, clock);
        LiveEvents live = new LiveEvents(alarmSources);
        AuditSigner signer = new AuditSigner(audit, dataDir.resolve("keys"), clock);
        alarms = new AlarmService(alarmStore, clock, (change, activeNow) -> {
            publisher.changed(change, activeNow);
            notifications.changed(change, activeNow);
            live.alarm(change);
            if (change.by() != null) { // what a person did with an alarm is on the record
                audited(() -> audit.append("alarm", change.change(), change.by(), change.alarm().source() + "/"
                        + change.alarm().type() + " #" + change.alarm().id(), change.comment()));
            }
        });
        notifications.resume(alarms.activeAlarms());
        Presence presence = new Presence(site, alarms, clock);
        Freshness freshness = new Freshness(site, alarms, clock);
        CompositeRules composites = new CompositeRules(site, alarmSources, alarms, latest::get);
        DataGaps dataGaps = new DataGaps(site, db, alarms, registry, clock);
        access = new AccessControl(site, audit, new DoorCommands(site, link, topics, clock), new Doors(alarms, audit, clock),
                link, topics, clock);
        accessInForce.set(access);
        ScheduledExecutorService presenceTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "presence-and-freshness");
            t.setDaemon(true);
            return t;
        });
        parts.add(presenceTimer::shutdownNow);
        long every = pace.wallMillis(Duration.ofMillis(
                Math.max(100, Math.min(presence.checkPeriod().toMillis(), freshness.checkPeriod().toMillis()))));
        // Each job guarded on its own: one that fails does not keep the others from their period (jaga_job_failures_total{job}).
        PeriodicJobs jobs = new PeriodicJobs(registry, clock);
        presenceTimer.scheduleAtFixedRate(jobs.inTurn(List.of(
                jobs.guard("presence", presence::check),
                jobs.guard("freshness", freshness::check),
                jobs.guard("shelf-expiry", alarms::expireShelves),
                jobs.guard("reminders", notifications::remind),
                jobs.guard("composites", composites::evaluate),
                jobs.guard("doors", () -> access.tick(presence::isOnline,
                        contact -> latest.get(contact).map(r -> r.value() != null ? r.value() > 0.5 : null).orElse(null))),
                jobs.guard("data-gaps", dataGaps::check))), every, every, TimeUnit.MILLISECONDS);
        Ingest ingest = new Ingest(site, readings, latest, alarms, freshness, composites, presence, rejections,
                new SequenceGuard(db), authenticator, dataGaps, registry, clock);

        DrcProbes probes = track(new DrcProbes(site.drcSites(), alarms, clock).start(pace));
        failover = track(new Failover(site, db, probes, link, new Conditions(site, alarmSources, latest::get), alarms, transition -> {
            toNoc.publish(List.of(new OrderedPublisher.Message(topics.failover(), Wire.encode(transition), false),
                    new OrderedPublisher.Message(topics.failoverState(), Wire.encode(transition), true)));
            notifications.failover(transition);
            live.failover(transition);
            audited(() -> audit.append("failover", transition.state(), transition.decidedBy(),
                    transition.drc() == null ? transition.trigger() : transition.drc(), transition.detail()));
        }, clock).start(pace));
        ingest.afterEachBatch(failover::evaluate);
        ControllerMeters.bind(registry, site, clock, presence, failover, notifications, toNoc);
        Snapshots snapshots = track(new Snapshots(db, audit, access::rules, clock));
        audit.onAppend(snapshots::recorded);
        SecurityLog securityLog = new SecurityLog(audit, (agent, part) -> access.doorOf(agent, part).map(Door::id));
        ingest.onEvent((agent, boot, event) -> {
            if (SecurityLog.isSecurityEvent(event.type())) {
                securityLog.record(agent, boot, event);
            }
            access.event(agent, boot, event);
        });
        ingest.onCommandResult(access::result);
        audit.onAppend(r -> {
            if (SecurityLog.CATEGORY.equals(r.category())) { // the NOC's live copy of the security log
                toNoc.publish(List.of(new OrderedPublisher.Message(topics.security(), Wire.encode(new SecurityEvent(Wire.SCHEMA,
                        siteId, r.seq(), r.type(), r.subject(), r.actor(), r.detail(), r.agentTs(), r.ts(), r.hash())), false)));
            }
        });
        IngestQueue queue = track(new IngestQueue(ingest, link::acknowledge, registry));
        link.acknowledgeManually(IngestQueue.CAPACITY);
        link.onMessage(queue::offer);
        link.onConnect(() -> {
            try {
                for (String channel : List.of(Topics.STATE, Topics.TELEMETRY, Topics.EVENT, Topics.CMD_RESULT)) {
                    link.subscribe(topics.allAgents(channel), 1);
                }
                presence.listening(clock.instant());
                access.publishAllowLists();
                link.publish(topics.controllerState(), Wire.encode(
                        new ControllerState(Wire.SCHEMA, siteId, "online", VERSION, clock.instant())), 1, true);
            } catch (Exception e) {
                LOG.error("cannot subscribe to agent topics", e);
            }
        });

        Retention retention = new Retention(db, site.storage(), clock);
        GreenRollup rollup = new GreenRollup(db, site);
        LivePower livePower = new LivePower(site, latest::get, freshness::isCurrent, clock);
        Duration auditRetention = site.controller().auditRetention();
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retention");
            t.setDaemon(true);
            return t;
        });
        parts.add(housekeeping::shutdownNow);
        housekeeping.scheduleWithFixedDelay(jobs.inTurn(List.of(
                jobs.guard("session-purge", accounts::purgeExpired),
                jobs.guard("audit-checkpoint", () -> signer.checkpoint().ifPresent(cp -> toNoc.publish(List.of(
                        new OrderedPublisher.Message(topics.auditCheckpoint(), Wire.encode(new AuditCheckpoint(Wire.SCHEMA, siteId,
                                cp.seq(), cp.hash(), cp.ts(), cp.signature(), signer.publicKey())), true))))),
                jobs.guard("audit-retention", () -> audit.deleteBefore(clock.instant().minus(auditRetention), "retention")),
                jobs.guard("retention", () -> {
                    Retention.Summary done = retention.run();
                    LOG.debug("retention: {} aggregates written, {} rows deleted", done.aggregated(), done.deleted());
                }),
                jobs.guard("green-rollup", rollup::run))),
                pace.wallMillis(Duration.ofMinutes(1)), pace.wallMillis(Duration.ofMinutes(5)), TimeUnit.MILLISECONDS);
        // Unguarded, one exception would have stopped the live power figures for good.
        housekeeping.scheduleAtFixedRate(jobs.guard("live-power", livePower::sample), 0, pace.wallMillis(LivePower.EVERY),
                TimeUnit.MILLISECONDS);

        opcua = site.controller().opcua().enabled() ? track(OpcUa.start(site.controller().opcua(), dataDir.resolve("opcua"),
                new OpcUa.Sources(site, latest, freshness, alarms, failover, access, accounts, clock), VERSION)) : null;

        AuditVerifier verifier = new AuditVerifier(audit, signer);
        Vertx vertx = Vertx.vertx();
        parts.add(() -> vertx.close().toCompletionStage().toCompletableFuture().join());
        var http = site.controller().http();
        api = track(ApiServer.start(vertx, http.host(), http.port(), new ApiServer.Sources(site, VERSION, db, link,
                latest, freshness, alarmStore, alarms, accounts, failover, audit, verifier, presence,
                notifications, rejections, registry, clock, clock.instant(), access, snapshots, live,
                new ReportBuilder(site, alarmSources, db, audit, verifier, clock), livePower, dataGaps, alarmSources)));
        link.start();
        // A clean disconnect suppresses the will, so say offline before it.
        hangUp = () -> {
            try {
                if (link.isConnected()) {
                    link.publishAndWait(topics.controllerState(), Wire.encode(
                            new ControllerState(Wire.SCHEMA, siteId, "offline", VERSION, clock.instant())), 1, true, 5_000);
                }
            } finally {
                link.close();
            }
        };
        parts.add(this::stopListening);
    }

    /**
     * Says offline and leaves the broker: nothing more is heard or stored, the rest runs on until
     * {@link #close}. The demo calls it before it stops its own agents, so their farewells are not
     * recorded as agents going offline. Once only; {@link #close} calls it too.
     */
    public void stopListening() {
        if (listening.compareAndSet(true, false)) {
            try {
                hangUp.close();
            } catch (Exception e) {
                LOG.warn("while leaving the broker: {}", e.toString());
            }
        }
    }

    /** An audit record that cannot be written is logged loudly; it must not stop what it records. */
    private static void audited(AuditStep step) {
        try {
            step.run();
        } catch (SQLException e) {
            LOG.error("cannot write to the audit log: {}", e.getMessage());
        }
    }

    @FunctionalInterface
    private interface AuditStep {
        void run() throws SQLException;
    }

    /** Starts everything and returns once the HTTP API listens; the MQTT session connects in the background. */
    public static Controller start(SiteConfig site, Path dataDir, Clock clock) {
        return start(site, dataDir, clock, Pace.REAL_TIME);
    }

    /**
     * As {@link #start(SiteConfig, Path, Clock)}, for a simulation whose {@code clock} runs faster
     * than the wall: the controller's timers keep their periods in that clock's time.
     */
    public static Controller start(SiteConfig site, Path dataDir, Clock clock, Pace pace) {
        try {
            return new Controller(site, dataDir, clock, pace);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database: " + e.getMessage(), e);
        }
    }

    public String apiUrl() {
        return "http://" + site.controller().http().host() + ":" + api.port();
    }

    /** The HTTP API, e.g. for a test to list its routes. */
    public ApiServer api() {
        return api;
    }

    public int httpPort() {
        return api.port();
    }

    /** Where OPC UA clients connect; empty unless the site file turns the OPC UA server on. */
    public Optional<String> opcUaUrl() {
        return Optional.ofNullable(opcua).map(OpcUa::endpointUrl);
    }

    public String brokerUri() {
        return brokerUri;
    }

    public Topics topics() {
        return topics;
    }

    public boolean isConnected() {
        return link.isConnected();
    }

    /** The local users; the demo adds its announced logins through this. */
    public Accounts accounts() {
        return accounts;
    }

    /** Door access: decisions, remote unlock, allow-lists. */
    public AccessControl access() {
        return access;
    }

    /**
     * Puts a reloaded site file's access rules in force; the rest of a changed site file needs a
     * restart, which {@link SiteFileWatcher} says in the log (it compares the file with the file;
     * the site this controller runs may differ from it by what its starter added, e.g. the demo's keys).
     */
    public void reload(SiteConfig reloaded, String source) {
        try {
            access.reload(reloaded.access(), source);
            alarms.condition(source, SITE_FILE_INVALID, null, null, null);
        } catch (SQLException e) {
            LOG.error("access rules reloaded but not logged: {}", e.getMessage());
        }
    }

    /** A changed site file that does not load: logged, on the audit trail, and an alarm until a good one is loaded. */
    public void reloadRefused(String source, ConfigException e) {
        try {
            audit.append(AccessControl.CATEGORY, "site-file-refused", "site-file", null, source + ": " + e.getMessage());
            alarms.condition(source, SITE_FILE_INVALID, Severity.WARNING, source + " changed but is not valid: "
                    + e.errors().size() + " error(s); the rules loaded before stay in force", null);
        } catch (SQLException failure) {
            LOG.error("cannot record the refused reload: {}", failure.getMessage());
        }
    }

    /** The failover state machine, for tests and drills. */
    public Failover failover() {
        return failover;
    }

    /** The controller's meters, e.g. {@code jaga.ingest.readings}: readings stored so far. */
    public MeterRegistry metrics() {
        return registry;
    }

    public Rejections rejections() {
        return rejections;
    }

    /** The site as the controller runs it (with the embedded broker's address when there is one). */
    public SiteConfig site() {
        return site;
    }

    private <T extends AutoCloseable> T track(T part) {
        parts.add(part);
        return part;
    }

    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
    }

    private static String versionOf(Class<?> c) {
        String v = c.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
