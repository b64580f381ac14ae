package id.jaga.config;

import id.jaga.config.SiteConfig.PlacedSensor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The checks that need the whole bound site: required values, references, ranges, ordering. */
final class SiteValidator {
    /** Ids appear in MQTT topics and URLs: no '/', '+', '#' or spaces. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Set<String> BROKER_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> TLS_SCHEMES = Set.of("ssl", "wss");

    private final SiteConfig site;
    private final SiteLoader.Problems problems;
    private final boolean checkFiles;

    SiteValidator(SiteConfig site, SiteLoader.Problems problems, boolean checkFiles) {
        this.site = site;
        this.problems = problems;
        this.checkFiles = checkFiles;
    }

    void validate() {
        checkSite();
        checkBroker();
        checkStorage();
        Set<String> rooms = ids("rooms", site.rooms(), Room::id);
        Set<String> agents = ids("agents", site.agents(), Agent::id);
        ids("racks", site.racks(), Rack::id);
        ids("drcSites", site.drcSites(), DrcSite::id);
        Set<String> sensorIds = new HashSet<>();

        for (int i = 0; i < site.agents().size(); i++) {
            Agent agent = site.agents().get(i);
            if (agent != null) {
                reference("agents[" + i + "].room", agent.room(), rooms, "room");
                positive("agents[" + i + "].publishInterval", agent.publishInterval());
                positive("agents[" + i + "].queueMaxAge", agent.queueMaxAge());
                if (agent.offlineAfter().compareTo(agent.publishInterval()) <= 0) {
                    problems.add("agents[" + i + "].offlineAfter", "must be longer than publishInterval ("
                            + agent.publishInterval().toMillis() + " ms), or every agent would look offline");
                }
                if (agent.queueMaxMegabytes() < 1) {
                    problems.add("agents[" + i + "].queueMaxMegabytes", "must be at least 1");
                }
            }
        }
        for (int i = 0; i < site.rooms().size(); i++) {
            Room room = site.rooms().get(i);
            if (room != null) {
                sensors("rooms[" + i + "]", room.sensors(), room.id(), null, agents, sensorIds);
                thresholds("rooms[" + i + "].thresholds", room.thresholds());
            }
        }
        for (int i = 0; i < site.racks().size(); i++) {
            Rack rack = site.racks().get(i);
            if (rack != null) {
                String path = "racks[" + i + "]";
                reference(path + ".room", rack.room(), rooms, "room");
                sensors(path, rack.sensors(), rack.room(), rack.id(), agents, sensorIds);
                thresholds(path + ".thresholds", rack.thresholds());
                if (rack.capacity() != null && rack.capacity().watts() <= 0) {
                    problems.add(path + ".capacity", "must be above zero, e.g. 6kW");
                }
            }
        }
        thresholds("thresholds", site.thresholds());
        effectiveThresholds();
        // Grouped once: per agent, a pass over every sensor of a large site takes seconds.
        Map<String, Set<String>> sensorsByAgent = site.sensors().map(PlacedSensor::sensor)
                .filter(s -> s != null && s.agent() != null)
                .collect(Collectors.groupingBy(Sensor::agent, Collectors.mapping(Sensor::id, Collectors.toSet())));
        for (int i = 0; i < site.agents().size(); i++) {
            Agent agent = site.agents().get(i);
            if (agent != null) {
                outputsAndFailsafe("agents[" + i + "]", agent, sensorsByAgent.getOrDefault(agent.id(), Set.of()));
            }
        }
        new AccessValidator(site, problems, this, checkFiles).validate(rooms, agents);
        new ModelValidator(site, problems, this).validate(rooms);
        checkDrcSites();
        checkNotifications(rooms);
        Set<String> alarmTypes = AlarmTypes.raisableBy(site);
        checkComposites(rooms, sensorIds, alarmTypes);
        checkFailover(rooms, sensorIds, alarmTypes);
        uniqueAlarmSources();
        checkEnergy();
        if (site.rooms().isEmpty()) {
            problems.add("rooms", "a site needs at least one room");
        }
    }

    private void checkSite() {
        Site s = site.site();
        if (s == null) {
            problems.add("site", "missing: every site file starts with site: {id, name}");
            return;
        }
        id("site.id", s.id());
        try {
            ZoneId.of(s.timezone());
        } catch (DateTimeException e) {
            problems.add("site.timezone", "unknown time zone '" + s.timezone() + "'; e.g. Asia/Jakarta, Asia/Makassar");
        }
    }

    private void checkBroker() {
        Broker broker = site.broker();
        if (broker.reconnectMaxDelay().compareTo(java.time.Duration.ofMillis(100)) < 0) {
            problems.add("broker.reconnectMaxDelay", "must be at least 100ms: shorter only hammers a broker that is down");
        }
        List<String> uris = broker.uris();
        String firstTls = null;
        String firstPlain = null;
        for (int i = 0; i < uris.size(); i++) {
            String path = "broker.uris[" + i + "]";
            try {
                URI uri = new URI(uris.get(i));
                if (uri.getScheme() == null || !BROKER_SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
                    problems.add(path, "'" + uris.get(i) + "' is not a broker address such as tcp://host:1883 or ssl://host:8883");
                } else if (TLS_SCHEMES.contains(uri.getScheme())) {
                    if (firstTls == null && broker.caFile() == null) {
                        // No silent fallback to the JDK's public CAs: say which CA signs the broker.
                        problems.add(path, uri.getScheme() + ":// needs broker.caFile: the PEM certificate of the CA that signed the broker's certificate");
                    }
                    firstTls = firstTls == null ? path : firstTls;
                } else {
                    firstPlain = firstPlain == null ? path : firstPlain;
                }
            } catch (Exception e) {
                problems.add(path, "'" + uris.get(i) + "' is not a valid URI");
            }
        }
        if (firstTls != null && firstPlain != null) {
            // Paho also refuses a TLS socket factory for tcp:// and ws://.
            problems.add(firstPlain, "plain and TLS addresses mixed: trying this one after a TLS address would send credentials and readings unencrypted");
        }
        String prefix = broker.topicPrefix();
        if (prefix.isEmpty() || prefix.startsWith("/") || prefix.endsWith("/") || prefix.matches(".*[+#\\s].*")) {
            problems.add("broker.topicPrefix", "'" + prefix + "' is not a topic prefix such as jaga/v1");
        }
        Broker.EmbeddedBroker embedded = broker.embedded();
        if (embedded != null) {
            port("broker.embedded.port", embedded.port());
            if (firstTls != null) {
                problems.add("broker.embedded", "the embedded broker has no TLS listener or certificate check;"
                        + " a secured site uses its own broker");
            }
        }
        checkCredentials(broker, firstTls != null);
        checkLeavesHostSecurely(broker);
    }

    /**
     * Anyone on the path can read and forge what crosses a network unencrypted, and anyone who reaches
     * an open broker can publish: beyond this host, TLS and a login are the default, and going without
     * them takes {@code insecure: true} with a reason (logged, on /api/health and the console).
     */
    private void checkLeavesHostSecurely(Broker broker) {
        if (broker.insecure() != null && broker.acceptedInsecure()
                && (broker.insecureReason() == null || broker.insecureReason().isBlank())) {
            problems.add("broker.insecure", "insecure: true needs a reason, e.g. insecureReason: \"isolated lab VLAN\"");
        }
        if (broker.insecure() == null && broker.insecureReason() != null) {
            problems.add("broker.insecure", "insecureReason given without insecure: true");
        }
        if (broker.acceptedInsecure()) {
            return;
        }
        if (broker.embedded() != null && !isLoopback(broker.embedded().host())) {
            problems.add("broker.embedded.host", "'" + broker.embedded().host() + "': the embedded broker has no TLS listener, so"
                    + " it listens on loopback only; agents on other hosts need a broker of their own with TLS (or say"
                    + " insecure: true with an insecureReason)");
        }
        boolean credentials = broker.passwordFile() != null || broker.clientCertFile() != null;
        for (int i = 0; i < broker.uris().size(); i++) {
            URI uri;
            try {
                uri = new URI(broker.uris().get(i));
            } catch (Exception e) {
                continue; // reported above
            }
            if (uri.getHost() == null || isLoopback(uri.getHost())) {
                continue;
            }
            String path = "broker.uris[" + i + "]";
            if (!TLS_SCHEMES.contains(uri.getScheme())) {
                problems.add(path, "'" + broker.uris().get(i) + "' leaves this host unencrypted: use ssl:// with broker.caFile,"
                        + " or say insecure: true with an insecureReason");
            } else if (!credentials) {
                problems.add(path, "'" + broker.uris().get(i) + "' leaves this host without credentials: set broker.username"
                        + " and broker.passwordFile (or a client certificate), or say insecure: true with an insecureReason");
            }
        }
    }

    /** 127.0.0.0/8, ::1 and localhost; a name is not resolved, so any other name counts as leaving the host. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    private void checkCredentials(Broker broker, boolean tls) {
        pair("broker.username", broker.username(), "broker.passwordFile", broker.passwordFile(),
                "a broker login needs the user name and the file holding its password");
        pair("broker.clientCertFile", broker.clientCertFile(), "broker.clientKeyFile", broker.clientKeyFile(),
                "certificate authentication needs the PEM certificate and its PKCS#8 private key");
        pair("broker.nocUsername", broker.nocUsername(), "broker.nocPasswordFile", broker.nocPasswordFile(),
                "the NOC's read-only login needs the user name and the file holding its password");
        checkBrokerUsers(broker);
        if (!tls) {
            unencrypted("broker.caFile", broker.caFile());
            unencrypted("broker.clientCertFile", broker.clientCertFile());
            unencrypted("broker.clientKeyFile", broker.clientKeyFile());
        }
        if (checkFiles) {
            file("broker.caFile", broker.caFile());
            file("broker.clientCertFile", broker.clientCertFile());
            file("broker.clientKeyFile", broker.clientKeyFile());
            file("broker.passwordFile", broker.passwordFile());
            file("broker.nocPasswordFile", broker.nocPasswordFile());
        }
    }

    /**
     * The broker tells agents, controller and NOC apart by user name alone (an agent's is its id),
     * so they must differ, and be writable in Mosquitto's password and ACL files.
     */
    private void checkBrokerUsers(Broker broker) {
        Map<String, String> taken = new HashMap<>();
        site.agents().stream().filter(a -> a != null && a.id() != null).forEach(a -> taken.putIfAbsent(a.id(), "agent " + a.id()));
        for (String[] login : new String[][] {{"broker.username", broker.username()}, {"broker.nocUsername", broker.nocUsername()}}) {
            String user = login[1];
            if (user == null) {
                continue;
            }
            if (user.isEmpty() || user.matches(".*[\\s:+#/].*")) {
                problems.add(login[0], "'" + user + "' is not a broker user name: no spaces, ':', '+', '#' or '/'");
            }
            String other = taken.putIfAbsent(user, login[0]);
            if (other != null) {
                problems.add(login[0], "'" + user + "' is also the user name of " + other
                        + ": the broker could not tell them apart");
            }
        }
    }

    /** TLS settings without a TLS address are a mistake that would leave the link unencrypted. */
    private void unencrypted(String path, String value) {
        if (value != null) {
            problems.add(path, "set, but no broker URI is ssl:// or wss://: the connection would not be encrypted");
        }
    }

    /** Two settings that only make sense together. */
    private void pair(String keyA, String a, String keyB, String b, String why) {
        if (a != null && b == null) {
            problems.add(keyA, "given without " + keyB + ": " + why);
        } else if (b != null && a == null) {
            problems.add(keyB, "given without " + keyA + ": " + why);
        }
    }

    void file(String path, String file) {
        if (file == null) {
            return;
        }
        try {
            Path p = Path.of(file);
            if (!Files.exists(p)) {
                problems.add(path, file + " does not exist");
            } else if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                problems.add(path, file + " is not a file this user can read");
            }
        } catch (InvalidPathException e) {
            problems.add(path, "'" + file + "' is not a file name");
        }
    }

    private void checkStorage() {
        String url = site.storage().url();
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            problems.add("storage.url", "'" + url + "': expected jdbc:h2:... or jdbc:postgresql:...");
        }
        port("controller.http.port", site.controller().http().port());
        positive("controller.http.sessionTimeout", site.controller().http().sessionTimeout());
        port("controller.opcua.port", site.controller().opcua().port());
        if (site.controller().gapTimeout().compareTo(java.time.Duration.ofSeconds(1)) < 0) {
            problems.add("controller.gapTimeout", "must be at least 1s: a reconnect replays messages out of order for a moment");
        }
        ControllerSettings.Metrics metrics = site.controller().metrics();
        if (metrics.open() && metrics.tokenFile() != null) {
            problems.add("controller.metrics.open", "open and tokenFile exclude each other: an open /metrics needs no token");
        }
        if (metrics.tokenFile() != null && metrics.tokenFile().isBlank()) {
            problems.add("controller.metrics.tokenFile", "empty: name the file holding the scrape token");
        }
        if (site.controller().auditRetention().compareTo(java.time.Duration.ofDays(365)) < 0) {
            problems.add("controller.auditRetention", "must be at least 365d: the audit log is reviewed once a year");
        }
    }

    private void sensors(String owner, List<Sensor> sensors, String room, String rack, Set<String> agents, Set<String> seen) {
        for (int j = 0; j < sensors.size(); j++) {
            String path = owner + ".sensors[" + j + "]";
            Sensor s = sensors.get(j);
            if (s == null) {
                problems.add(path, "empty entry");
                continue;
            }
            if (id(path + ".id", s.id()) && !seen.add(s.id())) {
                problems.add(path + ".id", "duplicate sensor id '" + s.id() + "'");
            }
            if (s.kind() == null) {
                problems.add(path + ".kind", "missing; known: " + SensorKind.known());
            } else if (!s.kind().unit().equals(s.unit())) {
                problems.add(path + ".unit", "'" + s.unit() + "' is not the unit of " + s.kind() + "; expected " + s.kind().unit());
            }
            reference(path + ".agent", s.agent(), agents, "agent");
            if (s.driverType() == null) {
                problems.add(path + ".driver", "missing driver type, e.g. driver: {type: simulated}");
            }
            positive(path + ".pollInterval", s.pollInterval());
            if (s.staleAfter().compareTo(s.pollInterval()) <= 0) {
                problems.add(path + ".staleAfter", "must be longer than pollInterval, or every reading would be stale");
            }
            if (s.thresholds() != null && s.kind() != null) {
                thresholds(path + ".thresholds", s.kind(), s.thresholds()); // a sensor's own limits are for its own kind
            }
            if (s.bounds() != null && s.kind() != null) {
                bounds(path + ".bounds", s, site.boundsFor(new PlacedSensor(s.withBounds(null), room, rack, path)));
            }
        }
    }

    /**
     * A sensor's own bounds: only for a measurement, finite, and leaving some value to report.
     * {@code without} is what would be in force without them: an end they leave out stays that.
     */
    private void bounds(String path, Sensor s, Bounds without) {
        if (!s.kind().isNumeric() || s.kind().isContact()) {
            problems.add(path, "bounds do not apply to " + s.kind() + (s.kind().isContact()
                    ? " (a contact reports 0 or 1)" : " (text, not a number)"));
            return;
        }
        Bounds own = s.bounds();
        boolean finite = finite(path + ".min", own.min()) & finite(path + ".max", own.max());
        Bounds b = without.overriddenBy(own);
        if (!finite || b.min() < b.max()) {
            return;
        }
        if (own.min() != null && own.max() != null) {
            problems.add(path, "min " + own.min() + " must be below max " + own.max());
        } else {
            String from = without.equals(Bounds.of(s.kind())) ? "the " + s.kind() + " default" : "twice the rack's capacity";
            problems.add(path + (own.min() != null ? ".min" : ".max"), own.min() != null
                    ? "min " + own.min() + " must be below max " + b.max() + " (" + from + ", as max is not set)"
                    : "max " + own.max() + " must be above min " + b.min() + " (" + from + ", as min is not set)");
        }
    }

    private boolean finite(String path, Double value) {
        if (value != null && !Double.isFinite(value)) {
            problems.add(path, "must be a finite number");
            return false;
        }
        return true;
    }

    /** A fail-safe rule works without the controller, so it can only watch the agent's own sensors. */
    private void outputsAndFailsafe(String path, Agent agent, Set<String> ownSensors) {
        Set<String> outputs = ids(path + ".outputs", agent.outputs(), Output::id);
        for (int j = 0; j < agent.outputs().size(); j++) {
            Output o = agent.outputs().get(j);
            if (o != null && o.kind() == null) {
                problems.add(path + ".outputs[" + j + "].kind", "missing: lock, siren or relay");
            }
            if (o != null && o.driverType() == null) {
                problems.add(path + ".outputs[" + j + "].driver", "missing driver type, e.g. driver: {type: simulated}");
            }
        }
        for (int j = 0; j < agent.failsafe().size(); j++) {
            FailsafeRule rule = agent.failsafe().get(j);
            String rulePath = path + ".failsafe[" + j + "]";
            if (rule == null) {
                problems.add(rulePath, "empty entry");
                continue;
            }
            reference(rulePath + ".sensor", rule.sensor(), ownSensors, "sensor of this agent");
            reference(rulePath + ".output", rule.output(), outputs, "output");
            if ((rule.above() == null) == (rule.below() == null)) {
                problems.add(rulePath, "needs exactly one of above or below");
            }
        }
    }

    private void thresholds(String path, Map<SensorKind, Thresholds> byKind) {
        byKind.forEach((kind, t) -> {
            if (kind != null) { // an unknown kind was already reported while binding
                thresholds(path + "." + kind.wire(), kind, t);
            }
        });
    }

    /** One block of limits on its own; how it sits with the blocks it overrides is {@link #effectiveThresholds}'s. */
    private void thresholds(String kindPath, SensorKind kind, Thresholds t) {
        if (t == null) {
            return;
        }
        if (!kind.isNumeric() || kind.isContact()) {
            problems.add(kindPath, "thresholds do not apply to " + kind + " (a state, not a measurement)");
            return;
        }
        if (t.rise() != null) {
            Thresholds.Rise r = t.rise();
            if (r.by() != null && r.by() <= 0) {
                problems.add(kindPath + ".rise.by", "must be above zero");
            }
            positive(kindPath + ".rise.within", r.within());
        }
        for (Map.Entry<Severity, Limits> band : t.bands().entrySet()) {
            Limits l = band.getValue();
            String bandPath = kindPath + "." + band.getKey().wire();
            if (l.low() != null && l.high() != null && l.low() >= l.high()) {
                problems.add(bandPath, "low " + l.low() + " must be below high " + l.high());
            }
            if (l.clearHigh() != null && l.high() != null && l.clearHigh() > l.high()) {
                problems.add(bandPath + ".clearHigh", "clearHigh " + l.clearHigh() + " must be at or below high "
                        + l.high() + ": an alarm clears on the way back down");
            }
            if (l.clearLow() != null && l.low() != null && l.clearLow() < l.low()) {
                problems.add(bandPath + ".clearLow", "clearLow " + l.clearLow() + " must be at or above low "
                        + l.low() + ": an alarm clears on the way back up");
            }
            positive(bandPath + ".for", l.holdFor() == null || l.holdFor().isZero() ? null : l.holdFor());
        }
    }

    /**
     * The limits in force, after every override (built-in defaults, site, room, rack, sensor: the
     * merge the controller uses, {@link SiteConfig#thresholdLayers}), must make sense together: a
     * lower severity trips before a higher one, and each band's ends and clear limits are in order.
     * A rack's warning of 35 C under the built-in critical of 32 C is wrong though each block alone
     * is fine. Checked where limits can meet: each block of limits in the file as it applies where
     * it is written (the site's, each room's, each rack's, per kind), and each sensor with limits of
     * its own; a sensor without is covered by its rack's, room's or the site's. A problem is reported
     * once, at the more specific of the two values, naming the block the other comes from.
     */
    private void effectiveThresholds() {
        Set<String> reported = new HashSet<>();
        site.thresholds().keySet().forEach(kind -> effectiveThresholds(placed(kind, null, null), reported));
        for (Room room : site.rooms()) {
            if (room != null && room.id() != null) {
                room.thresholds().keySet().forEach(kind -> effectiveThresholds(placed(kind, room.id(), null), reported));
            }
        }
        for (Rack rack : site.racks()) {
            if (rack != null && rack.id() != null) {
                rack.thresholds().keySet().forEach(kind -> effectiveThresholds(placed(kind, rack.room(), rack.id()), reported));
            }
        }
        site.sensors().filter(p -> p.sensor() != null && p.sensor().kind() != null && p.sensor().thresholds() != null)
                .forEach(p -> effectiveThresholds(p, reported));
    }

    /** A sensor of a kind at a place, standing for any sensor there without limits of its own. */
    private static PlacedSensor placed(SensorKind kind, String room, String rack) {
        return new PlacedSensor(new Sensor(null, kind, null, null, null, null), room, rack, null);
    }

    private void effectiveThresholds(PlacedSensor placed, Set<String> reported) {
        SensorKind kind = placed.sensor().kind();
        if (kind == null || !kind.isNumeric() || kind.isContact()) {
            return; // reported with the block
        }
        List<SiteConfig.ThresholdLayer> layers = site.thresholdLayers(placed);
        Thresholds in = site.thresholdsFor(placed);
        Severity[] severities = Severity.values(); // highest first
        for (int i = 0; i < severities.length; i++) {
            Severity s = severities[i];
            Limits l = in.at(s);
            if (l == null) {
                continue;
            }
            // Within the band; one block's own mistakes are reported with the block.
            if (l.low() != null && l.high() != null && l.low() >= l.high()) {
                pair(layers, kind, reported, false, value(layers, s, "low", l.low()), "must be below",
                        value(layers, s, "high", l.high()), "must be above", "");
            }
            if (l.clearHigh() != null && l.high() != null && l.clearHigh() > l.high()) {
                pair(layers, kind, reported, false, value(layers, s, "clearHigh", l.clearHigh()), "must be at or below",
                        value(layers, s, "high", l.high()), "must be at or above", ": an alarm clears on the way back down");
            }
            if (l.clearLow() != null && l.low() != null && l.clearLow() < l.low()) {
                pair(layers, kind, reported, false, value(layers, s, "clearLow", l.clearLow()), "must be at or above",
                        value(layers, s, "low", l.low()), "must be at or below", ": an alarm clears on the way back up");
            }
            // Against every higher severity: the lower one must trip first.
            for (int j = 0; j < i; j++) {
                Severity higher = severities[j];
                Limits h = in.at(higher);
                if (h == null) {
                    continue;
                }
                if (l.high() != null && h.high() != null && l.high() > h.high()) {
                    pair(layers, kind, reported, true, value(layers, s, "high", l.high()), "is above",
                            value(layers, higher, "high", h.high()), "is below", "; a lower severity must trip first");
                }
                if (l.low() != null && h.low() != null && l.low() < h.low()) {
                    pair(layers, kind, reported, true, value(layers, s, "low", l.low()), "is below",
                            value(layers, higher, "low", h.low()), "is above", "; a lower severity must trip first");
                }
            }
        }
    }

    /** One value in force: its band and end, the number, and the block it comes from (an index into the layers). */
    private record Value(Severity severity, String end, double number, int layer) {
        String describe() {
            return severity.wire() + " " + end + " " + number;
        }
    }

    /** The value and the last block that sets it: later blocks override earlier ones value by value. */
    private static Value value(List<SiteConfig.ThresholdLayer> layers, Severity severity, String end, double number) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            Limits l = layers.get(i).thresholds().at(severity);
            Double v = l == null ? null : switch (end) {
                case "low" -> l.low();
                case "high" -> l.high();
                case "clearLow" -> l.clearLow();
                default -> l.clearHigh();
            };
            if (v != null) {
                return new Value(severity, end, number, i);
            }
        }
        return new Value(severity, end, number, 0);
    }

    /**
     * Two values that do not go together, {@code a} {@code relation} {@code b} (and b {@code inverse} a).
     * Reported at the one from the more specific block (at {@code a} when both are in one block); a
     * pair from one block is left to the block's own check unless {@code sameBlock}; built-in
     * defaults agree with each other.
     */
    private void pair(List<SiteConfig.ThresholdLayer> layers, SensorKind kind, Set<String> reported, boolean sameBlock,
                      Value a, String relation, Value b, String inverse, String why) {
        if (a.layer() == b.layer() && (!sameBlock || layers.get(a.layer()).builtIn())) {
            return;
        }
        boolean atA = a.layer() >= b.layer();
        Value here = atA ? a : b;
        Value other = atA ? b : a;
        String path = layers.get(here.layer()).path() + "." + here.severity().wire() + "." + here.end();
        String from = "";
        if (other.layer() != here.layer()) {
            SiteConfig.ThresholdLayer source = layers.get(other.layer());
            from = source.builtIn() ? " (the built-in " + kind + " default)"
                    : " (" + source.path() + "." + other.severity().wire() + "." + other.end() + ", line "
                    + problems.line(source.path() + "." + other.severity().wire() + "." + other.end()) + ")";
        }
        String message = here.describe() + " " + (atA ? relation : inverse) + " " + other.describe() + from + why;
        if (reported.add(path + ": " + message)) {
            problems.add(path, message);
        }
    }

    /** The green figures read power meters only: a wrong or doubly counted meter would skew PUE silently. */
    private void checkEnergy() {
        Energy energy = site.energy();
        Set<String> facility = meters("energy.facility", energy.facility());
        Set<String> it = energy.it() == null ? Set.of() : meters("energy.it", energy.it());
        for (int i = 0; energy.it() != null && i < energy.it().size(); i++) {
            if (facility.contains(energy.it().get(i))) {
                problems.add("energy.it[" + i + "]", "'" + energy.it().get(i) + "' is also a facility meter; a meter is one or the other");
            }
        }
        if (energy.emissionFactor() < 0 || energy.emissionFactor() > 2) {
            problems.add("energy.emissionFactor", energy.emissionFactor() + " kg CO2/kWh is not a grid's factor (0 to 2; Indonesia's is about 0.87)");
        }
    }

    private Set<String> meters(String path, List<String> ids) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String at = path + "[" + i + "]";
            if (id == null) {
                problems.add(at, "empty entry");
            } else if (!seen.add(id)) {
                problems.add(at, "'" + id + "' is listed twice and would be counted twice");
            } else {
                site.sensor(id).ifPresentOrElse(p -> {
                    if (p.sensor().kind() != SensorKind.POWER) {
                        problems.add(at, "'" + id + "' is a " + p.sensor().kind() + " sensor; meters here are power sensors (W)");
                    }
                }, () -> problems.add(at, "unknown sensor '" + id + "'"));
            }
        }
        return seen;
    }

    private void checkDrcSites() {
        List<DrcSite> drcs = site.drcSites();
        if (drcs.size() == 1) {
            problems.add("drcSites", "one DRC site configured; the regulations require at least two, at different locations");
        }
        Set<String> locations = new HashSet<>();
        for (int i = 0; i < drcs.size(); i++) {
            DrcSite d = drcs.get(i);
            String path = "drcSites[" + i + "]";
            if (d == null) {
                continue;
            }
            if (d.location() == null) {
                problems.add(path + ".location", "missing: where the DRC is (city or building)");
            } else if (!locations.add(d.location())) {
                problems.add(path + ".location", "'" + d.location() + "' is the location of another DRC; they must be at different locations");
            }
            if (d.priority() == null) {
                problems.add(path + ".priority", "missing: 1 is tried first");
            }
            DrcSite.Probe probe = d.probe();
            if (probe == null || (probe.url() == null) == (probe.tcp() == null)) {
                problems.add(path + ".probe", "needs exactly one of url (HTTP health check) or tcp (host:port)");
            }
            if (d.failover().isEmpty()) {
                problems.add(path + ".failover", "missing: the steps that switch service to this DRC");
            }
            actions(path + ".failover", d.failover());
            actions(path + ".failback", d.failback());
        }
    }

    private void actions(String path, List<DrcAction> actions) {
        for (int i = 0; i < actions.size(); i++) {
            DrcAction a = actions.get(i);
            String at = path + "[" + i + "]";
            int kinds = a == null ? 0 : (a.http() != null ? 1 : 0) + (a.command() != null ? 1 : 0) + (a.mqtt() != null ? 1 : 0);
            if (kinds != 1) {
                problems.add(at, "a step is exactly one of http, command or mqtt");
                continue;
            }
            if (a.http() != null) {
                String url = a.http().url();
                if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                    problems.add(at + ".http.url", url == null ? "missing: the URL to call" : "'" + url + "' is not an http(s) URL");
                }
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(a.http().method())) {
                    problems.add(at + ".http.method", "unknown method '" + a.http().method() + "'; known: GET, POST, PUT, PATCH, DELETE");
                }
                if (a.http().retries() < 0) {
                    problems.add(at + ".http.retries", "must not be negative");
                }
                positive(at + ".http.timeout", a.http().timeout());
            } else if (a.command() != null) {
                if (a.command().run().isEmpty()) {
                    problems.add(at + ".command.run", "missing: the program and its arguments");
                }
                positive(at + ".command.timeout", a.command().timeout());
            } else if (a.mqtt().topic() == null || a.mqtt().topic().isBlank()) {
                problems.add(at + ".mqtt.topic", "missing: where to publish");
            }
        }
    }

    private void checkFailover(Set<String> rooms, Set<String> sensors, Set<String> alarmTypes) {
        FailoverPolicy f = site.failover();
        List<String> modes = List.of(FailoverPolicy.AUTOMATIC, FailoverPolicy.APPROVAL, FailoverPolicy.DRILL);
        if (!modes.contains(f.mode())) {
            problems.add("failover.mode", "unknown mode '" + f.mode() + "'; known: " + String.join(", ", modes));
        }
        if (!List.of("failover", "cancel").contains(f.onApprovalTimeout())) {
            problems.add("failover.onApprovalTimeout", "expected failover or cancel, found '" + f.onApprovalTimeout() + "'");
        }
        positive("failover.approvalWindow", f.approvalWindow());
        positive("failover.failbackAfter", f.failbackAfter());
        if (!f.triggers().isEmpty() && site.drcSites().isEmpty()) {
            problems.add("failover.triggers", "triggers without drcSites: there is nowhere to fail over to");
        }
        ids("failover.triggers", f.triggers(), FailoverPolicy.Trigger::id);
        for (int i = 0; i < f.triggers().size(); i++) {
            FailoverPolicy.Trigger t = f.triggers().get(i);
            String path = "failover.triggers[" + i + "]";
            if (t == null) {
                continue;
            }
            if (t.room() != null) {
                reference(path + ".room", t.room(), rooms, "room");
            }
            if (t.decide() != null && !List.of(FailoverPolicy.AUTOMATIC, FailoverPolicy.APPROVAL).contains(t.decide())) {
                problems.add(path + ".decide", "expected automatic or approval, found '" + t.decide() + "'");
            }
            if (t.confirmFor().isNegative()) {
                problems.add(path + ".confirmFor", "must not be negative");
            }
            if (t.all().isEmpty() == t.any().isEmpty()) {
                problems.add(path, "needs exactly one of all or any, with at least one condition");
            }
            List<Composite.Condition> conditions = t.all().isEmpty() ? t.any() : t.all();
            String list = t.all().isEmpty() ? ".any" : ".all";
            for (int j = 0; j < conditions.size(); j++) {
                condition(path + list + "[" + j + "]", conditions.get(j), sensors, alarmTypes);
            }
        }
    }

    private void checkNotifications(Set<String> rooms) {
        ids("notifications", site.notifications(), NotificationChannel::id);
        for (int i = 0; i < site.notifications().size(); i++) {
            NotificationChannel n = site.notifications().get(i);
            String path = "notifications[" + i + "]";
            if (n == null) {
                continue;
            }
            if ("webhook".equals(n.type())) {
                webhook(path, n);
            } else if ("email".equals(n.type())) {
                email(path, n);
            } else {
                problems.add(path + ".type", "unknown channel type '" + n.type() + "'; known: webhook, email");
            }
            if (checkFiles) {
                file(path + ".secretFile", n.secretFile());
                file(path + ".passwordFile", n.passwordFile());
            }
            for (int j = 0; j < n.rooms().size(); j++) {
                reference(path + ".rooms[" + j + "]", n.rooms().get(j), rooms, "room");
            }
            policy(path, n);
        }
        escalationLoops();
    }

    private void policy(String path, NotificationChannel n) {
        if (n.groupWithin().isNegative()) {
            problems.add(path + ".groupWithin", "must not be negative");
        }
        positive(path + ".repeatEvery", n.repeatEvery());
        positive(path + ".escalateAfter", n.escalateAfter());
        if ((n.escalateAfter() == null) != (n.escalateTo() == null)) {
            problems.add(path + (n.escalateTo() == null ? ".escalateTo" : ".escalateAfter"),
                    "escalateAfter and escalateTo go together: after how long, to which channel");
        }
        if (n.escalateTo() != null) {
            Set<String> channels = new HashSet<>();
            site.notifications().stream().filter(c -> c != null && c.id() != null).forEach(c -> channels.add(c.id()));
            reference(path + ".escalateTo", n.escalateTo(), channels, "notification channel");
            if (n.escalateTo().equals(n.id())) {
                problems.add(path + ".escalateTo", "a channel cannot escalate to itself");
            }
        }
    }

    /** An escalation chain must end: a -> b -> a would pass the same alarm round for ever. */
    private void escalationLoops() {
        Map<String, String> next = new HashMap<>();
        site.notifications().stream().filter(c -> c != null && c.escalateTo() != null).forEach(c -> next.put(c.id(), c.escalateTo()));
        for (int i = 0; i < site.notifications().size(); i++) {
            NotificationChannel n = site.notifications().get(i);
            if (n == null || n.escalateTo() == null || n.escalateTo().equals(n.id())) {
                continue;
            }
            Set<String> seen = new java.util.LinkedHashSet<>(List.of(n.id()));
            for (String at = n.escalateTo(); at != null; at = next.get(at)) {
                if (!seen.add(at)) {
                    problems.add("notifications[" + i + "].escalateTo", "escalation loops back: " + String.join(" -> ", seen)
                            + " -> " + at);
                    break;
                }
            }
        }
    }

    private void checkComposites(Set<String> rooms, Set<String> sensors, Set<String> alarmTypes) {
        ids("composites", site.composites(), Composite::id);
        for (int i = 0; i < site.composites().size(); i++) {
            Composite c = site.composites().get(i);
            String path = "composites[" + i + "]";
            if (c == null) {
                continue;
            }
            if (c.room() != null) {
                reference(path + ".room", c.room(), rooms, "room");
            }
            if (c.severity() == null) {
                problems.add(path + ".severity", "missing: critical, major, minor or warning");
            }
            if (c.all().isEmpty() == c.any().isEmpty()) {
                problems.add(path, "needs exactly one of all or any, with at least one condition");
            }
            List<Composite.Condition> conditions = c.all().isEmpty() ? c.any() : c.all();
            String list = c.all().isEmpty() ? ".any" : ".all";
            for (int j = 0; j < conditions.size(); j++) {
                condition(path + list + "[" + j + "]", conditions.get(j), sensors, alarmTypes);
            }
        }
    }

    private void condition(String path, Composite.Condition c, Set<String> sensors, Set<String> alarmTypes) {
        if (c == null) {
            problems.add(path, "empty condition");
            return;
        }
        int kinds = (c.alarm() != null ? 1 : 0) + (c.sensor() != null ? 1 : 0) + (c.racksAtLeast() != null ? 1 : 0);
        if (kinds != 1) {
            problems.add(path, "a condition is one of: alarm (with atLeast), sensor (with above or below), racksAtLeast (with moreThan)");
            return;
        }
        if (c.alarm() != null && c.atLeast() != null && c.atLeast() < 1) {
            problems.add(path + ".atLeast", "must be at least 1");
        }
        if (c.alarm() != null && !alarmTypes.contains(c.alarm())) {
            problems.add(path + ".alarm", unknownAlarmType(c.alarm(), alarmTypes));
        }
        if (c.sensor() != null) {
            reference(path + ".sensor", c.sensor(), sensors, "sensor");
            if ((c.above() == null) == (c.below() == null)) {
                problems.add(path, "a sensor condition needs exactly one of above or below");
            }
        }
        if (c.racksAtLeast() != null && (c.moreThan() == null || c.moreThan() < 0 || c.moreThan() >= 1)) {
            problems.add(path + ".moreThan", "expected a share of the racks from 0 to below 1, e.g. 0.5");
        }
    }

    /**
     * A condition on an alarm type nothing raises would never hold: the trigger would never fire.
     * Says which types this site can raise, the nearest one first when the name looks mistyped.
     */
    private String unknownAlarmType(String type, Set<String> alarmTypes) {
        StringBuilder message = new StringBuilder("unknown alarm type '" + type + "'");
        alarmTypes.stream().filter(t -> distance(t, type) <= 2).min(java.util.Comparator.comparingInt(t -> distance(t, type)))
                .ifPresent(t -> message.append(" (did you mean ").append(t).append("?)"));
        SensorKind kind = AlarmTypes.thresholdKind(type);
        if (kind != null) {
            boolean present = site.sensors().anyMatch(p -> p.sensor() != null && p.sensor().kind() == kind);
            message.append(present ? "; no " + kind + " sensor has a limit that raises it (see thresholds." + kind.wire() + ")"
                    : "; there is no " + kind + " sensor");
        }
        return message.append("; this site can raise: ").append(String.join(", ", alarmTypes)).toString();
    }

    /** Levenshtein distance, for a hint at a mistyped name. */
    private static int distance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }

    /**
     * Alarms name their source by id alone, and the console and the API place an alarm by that id:
     * a door and a room both called server-room would show the room's alarms on the door. So the
     * ids of everything an alarm can be about (the site, rooms, racks, agents, sensors, doors, DRC
     * sites) differ from each other. Duplicates within one kind are reported by that kind's check.
     */
    private void uniqueAlarmSources() {
        record Named(String kind, String path) {
        }
        List<java.util.Map.Entry<String, Named>> all = new java.util.ArrayList<>();
        java.util.function.BiConsumer<String, Named> add = (id, named) -> {
            if (id != null) {
                all.add(Map.entry(id, named));
            }
        };
        if (site.site() != null) {
            add.accept(site.site().id(), new Named("the site", "site.id"));
        }
        for (int i = 0; i < site.rooms().size(); i++) {
            Room r = site.rooms().get(i);
            add.accept(r == null ? null : r.id(), new Named("room", "rooms[" + i + "].id"));
        }
        for (int i = 0; i < site.racks().size(); i++) {
            Rack r = site.racks().get(i);
            add.accept(r == null ? null : r.id(), new Named("rack", "racks[" + i + "].id"));
        }
        for (int i = 0; i < site.agents().size(); i++) {
            Agent a = site.agents().get(i);
            add.accept(a == null ? null : a.id(), new Named("agent", "agents[" + i + "].id"));
        }
        site.sensors().filter(p -> p.sensor() != null).forEach(p -> add.accept(p.sensor().id(), new Named("sensor", p.path() + ".id")));
        for (int i = 0; i < site.access().doors().size(); i++) {
            Door d = site.access().doors().get(i);
            add.accept(d == null ? null : d.id(), new Named("door", "access.doors[" + i + "].id"));
        }
        for (int i = 0; i < site.drcSites().size(); i++) {
            DrcSite d = site.drcSites().get(i);
            add.accept(d == null ? null : d.id(), new Named("DRC site", "drcSites[" + i + "].id"));
        }
        Map<String, Named> first = new HashMap<>();
        Set<String> reported = new HashSet<>();
        for (Map.Entry<String, Named> e : all) {
            Named earlier = first.putIfAbsent(e.getKey(), e.getValue());
            if (earlier == null || earlier.kind().equals(e.getValue().kind()) || !reported.add(e.getKey() + " " + e.getValue().kind())) {
                continue;
            }
            // Reported at whichever of the two comes later in the file, naming the other.
            boolean laterIsThis = problems.line(e.getValue().path()) >= problems.line(earlier.path());
            Named here = laterIsThis ? e.getValue() : earlier;
            Named there = laterIsThis ? earlier : e.getValue();
            problems.add(here.path(), "'" + e.getKey() + "' is also the id of " + article(there.kind()) + " (" + there.path()
                    + ", line " + problems.line(there.path()) + "); the ids of the site, rooms, racks, agents, sensors, doors"
                    + " and DRC sites must all differ, as an alarm names its source by id alone");
        }
    }

    private static String article(String kind) {
        return kind.startsWith("the ") ? kind : ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }

    private void webhook(String path, NotificationChannel n) {
        try {
            java.net.URI uri = new java.net.URI(n.url() == null ? "" : n.url());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add(path + ".url", "'" + n.url() + "' is not an http(s) URL");
            }
        } catch (java.net.URISyntaxException e) {
            problems.add(path + ".url", "'" + n.url() + "' is not a valid URL");
        }
    }

    private void email(String path, NotificationChannel n) {
        if (n.smtpHost() == null) {
            problems.add(path + ".smtpHost", "missing: the SMTP server that sends the mail");
        }
        port(path + ".smtpPort", n.smtpPort());
        if (n.from() == null || !EMAIL.matcher(n.from()).matches()) {
            problems.add(path + ".from", "expected an e-mail address, found '" + n.from() + "'");
        }
        if (n.to().isEmpty()) {
            problems.add(path + ".to", "missing: at least one recipient");
        }
        for (int j = 0; j < n.to().size(); j++) {
            if (n.to().get(j) == null || !EMAIL.matcher(n.to().get(j)).matches()) {
                problems.add(path + ".to[" + j + "]", "expected an e-mail address, found '" + n.to().get(j) + "'");
            }
        }
        if ((n.username() == null) != (n.passwordFile() == null)) {
            problems.add(path, "username and passwordFile go together");
        }
    }

    <T> Set<String> ids(String path, List<T> items, Function<T, String> id) {
        Set<String> ids = new HashSet<>();
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            if (item == null) {
                problems.add(path + "[" + i + "]", "empty entry");
            } else if (id(path + "[" + i + "].id", id.apply(item)) && !ids.add(id.apply(item))) {
                problems.add(path + "[" + i + "].id", "duplicate id '" + id.apply(item) + "' (first at " + path + "["
                        + first.get(id.apply(item)) + "])");
            } else {
                first.putIfAbsent(id.apply(item), i);
            }
        }
        return ids;
    }

    boolean id(String path, String value) {
        if (value == null) {
            problems.add(path, "missing");
            return false;
        }
        if (!ID.matcher(value).matches()) {
            problems.add(path, "'" + value + "' is not a valid id: letters, digits, '-', '_', '.', at most 64");
            return false;
        }
        return true;
    }

    void reference(String path, String value, Set<String> known, String what) {
        if (value == null) {
            problems.add(path, "missing: which " + what + " (known: " + String.join(", ", sorted(known)) + ")");
        } else if (known.isEmpty()) {
            problems.add(path, "unknown " + what + " '" + value + "'; none is defined");
        } else if (!known.contains(value)) {
            problems.add(path, "unknown " + what + " '" + value + "'; known: " + String.join(", ", sorted(known)));
        }
    }

    void positive(String path, java.time.Duration d) {
        if (d != null && (d.isZero() || d.isNegative())) {
            problems.add(path, "must be longer than zero");
        }
    }

    private void port(String path, Integer port) {
        if (port != null && (port < 0 || port > 65535)) {
            problems.add(path, port + " is not a TCP port (0-65535)");
        }
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
