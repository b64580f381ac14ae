package id.jaga.simulator.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import id.jaga.simulator.SimulatorDrivers;
import id.jaga.config.AlarmTypes;
import id.jaga.config.ConfigError;
import id.jaga.config.ConfigException;
import id.jaga.config.Durations;
import id.jaga.config.SensorKind;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.YamlFiles;
import id.jaga.config.YamlPaths;
import id.jaga.controller.failover.Failover;
import id.jaga.sensors.driver.SimulatedInputs;
import id.jaga.simulator.model.Fault;
import id.jaga.simulator.model.PhysicalModel;
import id.jaga.simulator.scenario.Scenario.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a scenario file. Like a site file, every problem is collected and reported together, each
 * with file, line, column and the path of the field (see docs/simulator.md, Scenarios, for the
 * format). The site (inline, or a file named relative to the scenario) is loaded and checked as
 * {@code jaga check} would, and every sensor, agent, reader and DRC the timeline names must be in it.
 */
public final class ScenarioLoader {
    static final double DEFAULT_SPEED = 60;
    /** How long a run goes on after its last step or window when the file says no {@code duration}. */
    static final Duration TAIL = Duration.ofSeconds(30);
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "site", "model", "seed", "speed", "start",
            "duration", "timeline", "expect");
    private static final List<String> ACTIONS = List.of("cooling", "mains", "load", "smoke", "door", "badge", "fault", "agent",
            "broker", "partition", "failover", "drc");
    /** Actions that take a {@code state} beside their subject. */
    private static final Set<String> WITH_STATE = Set.of("cooling", "door", "agent");
    private static final Set<String> ACTION_ENTRY_KEYS = Stream.concat(ACTIONS.stream(), Stream.of("at", "state"))
            .collect(Collectors.toSet());
    private static final String EXPECTED_EXPECTATION = "expected one of: alarm SOURCE/TYPE [SEVERITY], alarm SOURCE/TYPE cleared,"
            + " no alarm, no alarm of type TYPE, no alarm SOURCE/TYPE, failover STATE [to DRC], no failover, security TYPE [at DOOR],"
            + " no reading lost";
    private static final Pattern ALARM = Pattern.compile("alarm\\s+(\\S+)/(\\S+)(?:\\s+(\\S+))?");
    private static final Pattern NO_ALARM = Pattern.compile("no\\s+alarm(?:\\s+of\\s+type\\s+(\\S+)|\\s+(\\S+)/(\\S+))?");
    private static final Pattern FAILOVER = Pattern.compile("failover\\s+(\\S+)(?:\\s+to\\s+(\\S+))?");
    private static final Pattern SECURITY = Pattern.compile("security\\s+(\\S+)(?:\\s+at\\s+(\\S+))?");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String SCENARIO = "scenario file";
    private final SiteLoader sites = new SiteLoader(List.of(SimulatorDrivers.of(new SimulatedInputs()).siteCheck()));

    public Scenario load(Path file) {
        return parse(file, YamlFiles.read(file, SCENARIO));
    }

    Scenario parse(Path file, String yaml) {
        YAMLFactory factory = new YAMLFactory();
        JsonNode root;
        YamlPaths paths;
        try {
            try (JsonParser p = factory.createParser(yaml)) {
                paths = YamlPaths.index(p);
            }
            root = new ObjectMapper(factory).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(SCENARIO, List.of(YamlFiles.syntaxError(file.toString(), yaml, e)));
        } catch (IOException e) {
            throw new ConfigException(SCENARIO, List.of(new ConfigError(file.toString(), 0, 0, "", "cannot read: " + e)));
        }
        List<ConfigError> duplicates = paths.duplicates(file.toString());
        if (!duplicates.isEmpty()) {
            throw new ConfigException(SCENARIO, duplicates);
        }
        Reading r = new Reading(file, paths);
        if (root == null || !root.isObject()) {
            r.error("", "a scenario is a mapping with name, site, timeline (and optionally description, seed, speed, start,"
                    + " duration, expect)");
            throw new ConfigException(SCENARIO, r.errors);
        }
        return r.scenario(root);
    }

    /** One file being read: where its paths are, and the problems found so far. */
    private final class Reading {
        private final Path file;
        private final YamlPaths paths;
        private final List<ConfigError> errors = new ArrayList<>();
        private SiteConfig site;
        private Set<String> alarmTypes;
        private PhysicalModel model;

        Reading(Path file, YamlPaths paths) {
            this.file = file;
            this.paths = paths;
        }

        Scenario scenario(JsonNode root) {
            unknownKeys(root, "", TOP_KEYS);
            String name = text(root, "name", "name", true);
            String description = text(root, "description", "description", false);
            site = site(root.get("site"), root.get("model"));
            Long seed = root.has("seed") ? integer(root.get("seed"), "seed") : null;
            if (site != null) {
                model = new PhysicalModel(site, new SimulatedInputs(), Instant.EPOCH); // to check the names the timeline uses
            }
            double speed = root.has("speed") ? speed(root.get("speed")) : DEFAULT_SPEED;
            Instant start = root.has("start") ? instant(root.get("start"), "start") : null;
            Duration duration = root.has("duration") ? duration(root.get("duration"), "duration") : null;
            List<Step> steps = new ArrayList<>();
            List<Expectation> expectations = new ArrayList<>();
            JsonNode timeline = root.get("timeline");
            if (timeline == null || !timeline.isArray()) {
                error(timeline == null ? "" : "timeline", "a scenario needs a timeline: a list of entries such as"
                        + " '- at: 2m' with one action, or '- within: 90s' with 'expect: ...'");
            } else {
                timeline(timeline, steps, expectations);
            }
            JsonNode whole = root.get("expect");
            if (whole != null) {
                if (!whole.isArray()) {
                    error("expect", "expected a list of expectations over the whole run");
                } else {
                    for (int i = 0; i < whole.size(); i++) {
                        Expectation e = expectation(whole.get(i), "expect[" + i + "]", Window.WHOLE_RUN);
                        if (e != null) {
                            expectations.add(e);
                        }
                    }
                }
            }
            if (!errors.isEmpty()) {
                errors.sort(null);
                throw new ConfigException(SCENARIO, errors);
            }
            Duration end = duration != null ? duration : defaultDuration(steps, expectations);
            return new Scenario(name, description, file, site, seed != null ? seed : site.model().seed(), speed, start, end, steps,
                    expectations);
        }

        /**
         * The site, with the scenario's {@code model} section (if any) in place of its own. A site
         * file's own problems are located in that file; the model's and an inline site's in this one.
         */
        private SiteConfig site(JsonNode node, JsonNode model) {
            if (node == null) {
                error("", "missing 'site': a site file (relative to this scenario) or the site itself, inline");
                return null;
            }
            ObjectNode tree;
            if (node.isTextual()) {
                Path siteFile = file.toAbsolutePath().getParent().resolve(node.asText()).normalize();
                if (!Files.isRegularFile(siteFile)) {
                    error("site", "no site file at " + siteFile);
                    return null;
                }
                try {
                    SiteConfig loaded = sites.load(siteFile);
                    if (model == null) {
                        return loaded;
                    }
                    tree = (ObjectNode) YAML.readTree(Files.readString(siteFile));
                } catch (ConfigException e) {
                    errors.addAll(e.errors());
                    return null;
                } catch (IOException e) {
                    error("site", "cannot read " + siteFile + ": " + e.getMessage());
                    return null;
                }
            } else if (node.isObject()) {
                tree = ((ObjectNode) node).deepCopy();
            } else {
                error("site", "expected a site file name or an inline site (a mapping)");
                return null;
            }
            if (model != null) {
                tree.set("model", model);
            }
            try {
                return sites.parse(file + " (site)", YAML.writeValueAsString(tree));
            } catch (ConfigException e) {
                for (ConfigError inner : e.errors()) {
                    boolean ofModel = inner.path().equals("model") || inner.path().startsWith("model.");
                    error(ofModel ? inner.path() : inner.path().isEmpty() ? "site" : "site." + inner.path(), inner.message());
                }
            } catch (JsonProcessingException e) {
                error("site", "cannot read the site: " + e.getOriginalMessage());
            }
            return null;
        }

        private void timeline(JsonNode timeline, List<Step> steps, List<Expectation> expectations) {
            Duration lastEvent = Duration.ZERO;
            for (int i = 0; i < timeline.size(); i++) {
                String path = "timeline[" + i + "]";
                JsonNode entry = timeline.get(i);
                if (!entry.isObject()) {
                    error(path, "expected a mapping such as '{at: 2m, smoke: smoke-1}' or '{within: 90s, expect: ...}'");
                    continue;
                }
                Duration at = entry.has("at") ? duration(entry.get("at"), path + ".at") : null;
                List<String> actions = ACTIONS.stream().filter(entry::has).toList();
                if (entry.has("expect")) {
                    unknownKeys(entry, path, Set.of("at", "within", "expect"));
                    if (!actions.isEmpty()) {
                        error(path + "." + actions.get(0), "an entry is either an action or an expectation; put '"
                                + actions.get(0) + "' in an entry of its own");
                    }
                    Duration within = entry.has("within") ? duration(entry.get("within"), path + ".within") : null;
                    Expectation e = expectation(entry.get("expect"), path + ".expect",
                            Window.after(at != null ? at : lastEvent, within));
                    if (e != null) {
                        expectations.add(e);
                    }
                    continue;
                }
                unknownKeys(entry, path, ACTION_ENTRY_KEYS);
                if (actions.size() != 1) {
                    error(path, actions.isEmpty() ? "an entry needs one action (" + String.join(", ", ACTIONS)
                            + ") or an expectation (expect)" : "one action per entry, found " + String.join(" and ", actions));
                    continue;
                }
                String kind = actions.get(0);
                if (entry.has("state") && !WITH_STATE.contains(kind)) {
                    error(path + ".state", "'state' goes with agent, cooling and door; " + kind + " says it in its own value");
                }
                if (at == null && !entry.has("at")) {
                    error(path, "missing 'at': when it happens after the start, e.g. at: 2m");
                } else if (at != null && at.compareTo(lastEvent) < 0) {
                    error(path + ".at", "the timeline goes forward: " + Durations.format(at) + " comes before "
                            + Durations.format(lastEvent));
                }
                if (at != null) {
                    lastEvent = at;
                }
                Action action = action(kind, entry, path);
                if (action != null && at != null) {
                    steps.add(new Step(at, action));
                }
            }
        }

        private Action action(String kind, JsonNode entry, String path) {
            JsonNode value = entry.get(kind);
            String at = path + "." + kind;
            return switch (kind) {
                case "cooling" -> {
                    String unit = text(value, at, true);
                    if (unit != null && model != null && model.coolingUnits().stream().noneMatch(u -> u.id().equals(unit))) {
                        error(at, "no cooling unit '" + unit + "' in the model; known: " + model.coolingUnits().stream()
                                .map(u -> u.id()).collect(Collectors.joining(", ")));
                        yield null;
                    }
                    Boolean running = state(entry, path, "running", "failed", null);
                    yield unit == null || running == null ? null : new Action.Cooling(unit, running);
                }
                case "mains" -> {
                    Boolean on = word(value, at, "on", "off");
                    yield on == null ? null : new Action.Mains(on);
                }
                case "load" -> {
                    Map<String, JsonNode> m = mapping(value, at, Set.of("rack", "watts"));
                    String rack = text(m.get("rack"), at + ".rack", true);
                    if (rack != null && site != null && site.rack(rack).isEmpty()) {
                        error(at + ".rack", "no rack '" + rack + "' in the site; known: "
                                + site.racks().stream().map(r -> r.id()).collect(Collectors.joining(", ")));
                        yield null;
                    }
                    JsonNode watts = m.get("watts");
                    if (watts == null || !watts.isNumber() || watts.asDouble() < 0) {
                        error(at + ".watts", "expected what the rack draws, in W (0 or more), found " + shown(watts));
                        yield null;
                    }
                    yield rack == null ? null : new Action.Load(rack, watts.asDouble());
                }
                case "smoke" -> {
                    if (value != null && "clear".equals(value.asText())) {
                        yield new Action.Smoke(null);
                    }
                    String sensor = sensorNamed(value, at, SensorKind.SMOKE);
                    yield sensor == null ? null : new Action.Smoke(sensor);
                }
                case "door" -> {
                    String sensor = sensorNamed(value, at, SensorKind.DOOR);
                    Boolean open = state(entry, path, "open", "closed", null);
                    yield sensor == null || open == null ? null : new Action.Door(sensor, open);
                }
                case "fault" -> {
                    Map<String, JsonNode> m = mapping(value, at, Set.of("sensor", "kind"));
                    String sensor = text(m.get("sensor"), at + ".sensor", true);
                    if (sensor != null && site != null && site.sensor(sensor).isEmpty()) {
                        error(at + ".sensor", "no sensor '" + sensor + "' in the site");
                        yield null;
                    }
                    String fault = text(m.get("kind"), at + ".kind", true);
                    if ("none".equals(fault)) {
                        yield sensor == null ? null : new Action.SensorFault(sensor, null);
                    }
                    try {
                        yield fault == null || sensor == null ? null : new Action.SensorFault(sensor, Fault.Kind.parse(fault));
                    } catch (IllegalArgumentException e) {
                        error(at + ".kind", e.getMessage() + ", none");
                        yield null;
                    }
                }
                case "badge" -> {
                    Map<String, JsonNode> m = mapping(value, at, Set.of("reader", "badge", "pin"));
                    String reader = text(m.get("reader"), at + ".reader", true);
                    if (reader != null && site != null && site.agents().stream().flatMap(a -> a.readers().stream())
                            .noneMatch(rd -> rd.id().equals(reader))) {
                        error(at + ".reader", "no reader '" + reader + "' in the site; known: " + site.agents().stream()
                                .flatMap(a -> a.readers().stream()).map(rd -> rd.id()).collect(Collectors.joining(", ")));
                    }
                    String badge = text(m.get("badge"), at + ".badge", true);
                    String pin = text(m.get("pin"), at + ".pin", false);
                    yield reader == null || badge == null ? null : new Action.Badge(reader, badge, pin);
                }
                case "agent" -> {
                    String agent = agent(value, at);
                    Boolean running = state(entry, path, "restarted", "crashed", null);
                    yield agent == null || running == null ? null : new Action.AgentPower(agent, running);
                }
                case "broker" -> {
                    Boolean up = word(value, at, "up", "down");
                    yield up == null ? null : new Action.Broker(up);
                }
                case "partition" -> {
                    Map<String, JsonNode> m = mapping(value, at, Set.of("agent", "state"));
                    String agent = agent(m.get("agent"), at + ".agent");
                    Boolean cut = word(m.get("state"), at + ".state", "on", "off");
                    yield agent == null || cut == null ? null : new Action.Partition(agent, cut);
                }
                case "failover" -> {
                    String decision = value != null && value.isTextual() ? value.asText() : null;
                    if (!List.of("approve", "cancel", "drill", "failback", "start").contains(decision)) {
                        error(at, "expected approve, cancel, drill, failback or start, found " + shown(value));
                        yield null;
                    }
                    yield new Action.Failover(decision);
                }
                case "drc" -> {
                    Map<String, JsonNode> m = mapping(value, at, Set.of("id", "state"));
                    String drc = text(m.get("id"), at + ".id", true);
                    if (drc != null && site != null && site.drcSites().stream().noneMatch(d -> d.id().equals(drc))) {
                        error(at + ".id", "no DRC '" + drc + "' in the site; known: "
                                + site.drcSites().stream().map(d -> d.id()).collect(Collectors.joining(", ")));
                    }
                    Boolean healthy = word(m.get("state"), at + ".state", "up", "down");
                    yield drc == null || healthy == null ? null : new Action.Drc(drc, healthy);
                }
                default -> throw new IllegalStateException(kind);
            };
        }

        private Expectation expectation(JsonNode node, String path, Window window) {
            if (node == null || !node.isTextual()) {
                error(path, EXPECTED_EXPECTATION);
                return null;
            }
            String text = node.asText().trim().replaceAll("\\s+", " ");
            String lower = text.toLowerCase(Locale.ROOT);
            Matcher m;
            if (lower.equals("no reading lost")) {
                return new Expectation.NoReadingLost(text, window);
            }
            if (lower.equals("no failover")) {
                return new Expectation.NoFailover(text, window);
            }
            if ((m = NO_ALARM.matcher(text)).matches()) {
                String type = m.group(1) != null ? m.group(1) : m.group(3);
                return alarmType(type, path) ? new Expectation.NoAlarm(text, window, m.group(1) != null ? "*" : m.group(2), type)
                        : null;
            }
            if ((m = ALARM.matcher(text)).matches()) {
                if (!alarmType(m.group(2), path)) {
                    return null;
                }
                if ("cleared".equals(m.group(3))) {
                    return new Expectation.AlarmCleared(text, window, m.group(1), m.group(2));
                }
                Severity severity = m.group(3) == null ? null : severity(m.group(3), path);
                return m.group(3) != null && severity == null ? null
                        : new Expectation.AlarmRaised(text, window, m.group(1), m.group(2), severity);
            }
            if ((m = FAILOVER.matcher(text)).matches()) {
                String state = m.group(1).toUpperCase(Locale.ROOT);
                if (Arrays.stream(Failover.State.values()).noneMatch(s -> s.name().equals(state))) {
                    error(path, "unknown failover state '" + m.group(1) + "'; known: " + Arrays.stream(Failover.State.values())
                            .map(Enum::name).collect(Collectors.joining(", ")));
                    return null;
                }
                String drc = m.group(2);
                if (drc != null && site != null && site.drcSites().stream().noneMatch(d -> d.id().equals(drc))) {
                    error(path, "no DRC '" + drc + "' in the site; known: "
                            + site.drcSites().stream().map(d -> d.id()).collect(Collectors.joining(", ")));
                    return null;
                }
                return new Expectation.FailoverReached(text, window, state, drc);
            }
            if ((m = SECURITY.matcher(text)).matches()) {
                return new Expectation.SecurityLogged(text, window, m.group(1), m.group(2));
            }
            error(path, "cannot read '" + text + "'; " + EXPECTED_EXPECTATION);
            return null;
        }

        /**
         * An expectation on an alarm type the site never raises would pass (or fail) for the wrong
         * reason: a mistyped "no alarm of type smok" always passes. {@code null} (any) and * pass.
         */
        private boolean alarmType(String type, String path) {
            if (type == null || type.equals("*") || site == null) {
                return true;
            }
            if (alarmTypes == null) {
                alarmTypes = AlarmTypes.raisableBy(site);
            }
            if (!alarmTypes.contains(type)) {
                error(path, "unknown alarm type '" + type + "'; this site can raise: " + String.join(", ", alarmTypes));
                return false;
            }
            return true;
        }

        private Severity severity(String text, String path) {
            try {
                return Severity.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                error(path, "unknown severity '" + text + "'; known: " + Arrays.stream(Severity.values()).map(Severity::wire)
                        .collect(Collectors.joining(", ")) + " (or 'cleared')");
                return null;
            }
        }

        private String sensorNamed(JsonNode value, String path, SensorKind kind) {
            String id = text(value, path, true);
            if (id == null || site == null) {
                return null;
            }
            var placed = site.sensor(id);
            if (placed.isEmpty() || placed.get().sensor().kind() != kind) {
                error(path, "no " + kind.wire() + " sensor '" + id + "' in the site; known: " + site.sensors()
                        .filter(p -> p.sensor().kind() == kind).map(p -> p.sensor().id()).collect(Collectors.joining(", ")));
                return null;
            }
            return id;
        }

        private String agent(JsonNode value, String path) {
            String id = text(value, path, true);
            if (id != null && site != null && site.agent(id).isEmpty()) {
                error(path, "no agent '" + id + "' in the site; known: "
                        + site.agents().stream().map(a -> a.id()).collect(Collectors.joining(", ")));
                return null;
            }
            return id;
        }

        /** The entry's {@code state}: true for {@code yes}, false for {@code no}, {@code fallback} when absent. */
        private Boolean state(JsonNode entry, String path, String yes, String no, Boolean fallback) {
            if (!entry.has("state")) {
                if (fallback == null) {
                    error(path, "missing 'state': " + yes + " or " + no);
                }
                return fallback;
            }
            return word(entry.get("state"), path + ".state", yes, no);
        }

        /** One of two words; YAML's own on/off booleans count as the words "on" and "off". */
        private Boolean word(JsonNode value, String path, String yes, String no) {
            String w = value == null ? null : value.isBoolean() ? (value.asBoolean() ? "on" : "off") : value.asText();
            if (yes.equals(w) || no.equals(w)) {
                return yes.equals(w);
            }
            error(path, "expected " + yes + " or " + no + ", found " + shown(value));
            return null;
        }

        private Map<String, JsonNode> mapping(JsonNode value, String path, Set<String> keys) {
            if (value == null || !value.isObject()) {
                error(path, "expected a mapping with " + String.join(", ", keys.stream().sorted().toList()) + ", found " + shown(value));
                return Map.of();
            }
            unknownKeys(value, path, keys);
            Map<String, JsonNode> m = new HashMap<>();
            value.properties().forEach(f -> m.put(f.getKey(), f.getValue()));
            return m;
        }

        private String text(JsonNode parent, String key, String path, boolean required) {
            return text(parent.get(key), path, required);
        }

        private String text(JsonNode value, String path, boolean required) {
            if (value == null || value.isNull()) {
                if (required) {
                    error(path, "missing; expected a text value");
                }
                return null;
            }
            if (!value.isValueNode() || value.asText().isBlank()) {
                error(path, "expected a text value, found " + shown(value));
                return null;
            }
            return value.asText();
        }

        private long integer(JsonNode value, String path) {
            if (!value.canConvertToLong() || !value.isIntegralNumber()) {
                error(path, "expected a whole number, found " + shown(value));
                return 0;
            }
            return value.asLong();
        }

        private double speed(JsonNode value) {
            if (!value.isNumber() || value.asDouble() < 1) {
                error("speed", "expected a number of at least 1 (how many times faster than the wall clock), found " + shown(value));
                return DEFAULT_SPEED;
            }
            return value.asDouble();
        }

        private Duration duration(JsonNode value, String path) {
            Duration d = value.isTextual() ? Durations.parse(value.asText()) : null;
            if (d == null) {
                error(path, "'" + value.asText() + "': " + Durations.EXPECTED);
            }
            return d;
        }

        private Instant instant(JsonNode value, String path) {
            try {
                return OffsetDateTime.parse(value.asText()).toInstant();
            } catch (DateTimeParseException e) {
                error(path, "'" + value.asText() + "': expected a date and time with its offset, e.g. 2026-03-04T22:30:00+07:00");
                return null;
            }
        }

        private void unknownKeys(JsonNode node, String path, Set<String> known) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    error(path.isEmpty() ? key : path + "." + key, "unknown key '" + key + "'; known: "
                            + known.stream().sorted().collect(Collectors.joining(", ")));
                }
            }
        }

        private String shown(JsonNode value) {
            return value == null || value.isNull() ? "nothing" : value.isContainerNode() ? "a " + (value.isArray() ? "list" : "mapping")
                    : "'" + value.asText() + "'";
        }

        void error(String path, String message) {
            JsonLocation loc = paths.locate(path);
            errors.add(new ConfigError(file.toString(), loc.getLineNr(), loc.getColumnNr(), path, message));
        }
    }

    /** The last step or window end, and a little more so the controller's last words are heard. */
    private static Duration defaultDuration(List<Step> steps, List<Expectation> expectations) {
        Duration end = steps.stream().map(Step::at).max(Duration::compareTo).orElse(Duration.ZERO);
        for (Expectation e : expectations) {
            Window w = e.window();
            Duration last = w.to() != null ? w.to() : w.from();
            end = last.compareTo(end) > 0 ? last : end;
        }
        return end.plus(TAIL);
    }
}
