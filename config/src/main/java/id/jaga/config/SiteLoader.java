package id.jaga.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Loads a site file into {@link SiteConfig}. Every problem is collected, located (file, line,
 * column, path) and reported together in one {@link ConfigException}: unknown keys, values of the
 * wrong type, unknown kinds, broken references.
 */
public final class SiteLoader {
    /** Largest site file read, in characters. */
    static final int MAX_FILE_CODE_POINTS = 64 * 1024 * 1024;

    private final List<SiteCheck> extraChecks;
    private final boolean checkFiles;

    public SiteLoader() {
        this(List.of());
    }

    /** Extra checks run after the built-in ones, e.g. a driver checking its own settings. */
    public SiteLoader(List<SiteCheck> extraChecks) {
        this(extraChecks, false);
    }

    private SiteLoader(List<SiteCheck> extraChecks, boolean checkFiles) {
        this.extraChecks = List.copyOf(extraChecks);
        this.checkFiles = checkFiles;
    }

    /**
     * A loader that also checks that the files the site file names (broker.caFile, ...) exist and
     * can be read. For the agent and controller, on the machine that reads them; off by default so
     * one site file can be checked anywhere, e.g. in CI, away from the machines that hold its secrets.
     */
    public SiteLoader checkingFiles() {
        return new SiteLoader(extraChecks, true);
    }

    public SiteConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(file.toString(), 0, 0, "", "cannot read: " + e)));
        }
        return parse(file.toString(), text);
    }

    public SiteConfig parse(String fileName, String yaml) {
        List<ConfigError> errors = new ArrayList<>();
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(loaderOptions()).build();
        try {
            YamlPaths paths;
            try (JsonParser p = factory.createParser(yaml)) {
                p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
                paths = YamlPaths.index(p);
            }
            ObjectMapper mapper = mapper(factory, new Collector(fileName, paths, errors));
            SiteConfig site = mapper.readValue(yaml, SiteConfig.class);
            if (site == null) {
                errors.add(new ConfigError(fileName, 1, 1, "", "the file is empty"));
            } else {
                // Checks run even after binding problems, so one pass reports everything; a value that
                // could not be read is not reported a second time as missing.
                List<String> unreadable = errors.stream().map(ConfigError::path).toList();
                Problems problems = (path, message) -> {
                    if (unreadable.stream().noneMatch(bad -> path.equals(bad) || path.startsWith(bad + ".") || path.startsWith(bad + "["))) {
                        JsonLocation loc = paths.locate(path);
                        errors.add(new ConfigError(fileName, loc.getLineNr(), loc.getColumnNr(), path, message));
                    }
                };
                new SiteValidator(site, problems, checkFiles).validate();
                extraChecks.forEach(check -> check.check(site, problems));
            }
            if (errors.isEmpty()) {
                return site;
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            errors.add(new ConfigError(fileName, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
                    "", e.getOriginalMessage().lines().findFirst().orElse("syntax error")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        errors.sort(null);
        throw new ConfigException(errors);
    }

    /**
     * The YAML parser's default limit of 3 MiB is less than the file of a large data center: 1000
     * racks of 20 sensors is about 3.5 MB.
     */
    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_FILE_CODE_POINTS);
        return options;
    }

    private static ObjectMapper mapper(YAMLFactory factory, Collector collector) {
        SimpleModule durations = new SimpleModule("durations-and-times");
        durations.addDeserializer(Duration.class, new TextScalarDeserializer<>(Duration.class, Durations::parse, Durations.EXPECTED, false));
        durations.addDeserializer(LocalTime.class, new TextScalarDeserializer<>(LocalTime.class, Times::parseTime, Times.EXPECTED_TIME, true));
        durations.addDeserializer(LocalDate.class, new TextScalarDeserializer<>(LocalDate.class, Times::parseDate, Times.EXPECTED_DATE, true));
        durations.addDeserializer(Power.class, new TextScalarDeserializer<>(Power.class, Power::parse, Power.EXPECTED, true));
        ObjectMapper mapper = new ObjectMapper(factory)
                .registerModule(durations)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.addHandler(collector);
        return mapper;
    }

    /** Where a check reports a problem: the path it is about and what is wrong. */
    @FunctionalInterface
    public interface Problems {
        void add(String path, String message);
    }

    /** A check on a bound site, e.g. contributed by the module that owns a driver. */
    @FunctionalInterface
    public interface SiteCheck {
        void check(SiteConfig site, Problems problems);
    }

    /** Turns Jackson's binding problems into located errors and keeps binding, so all are found. */
    private static final class Collector extends DeserializationProblemHandler {
        private final String file;
        private final YamlPaths paths;
        private final List<ConfigError> errors;

        Collector(String file, YamlPaths paths, List<ConfigError> errors) {
            this.file = file;
            this.paths = paths;
            this.errors = errors;
        }

        private void add(JsonParser p, JsonStreamContext ctx, String message) {
            String path = YamlPaths.of(ctx);
            JsonLocation loc = p.currentTokenLocation();
            if (loc.getLineNr() < 1) {
                loc = paths.locate(path); // records are bound from a token buffer that has no locations
            }
            errors.add(new ConfigError(file, loc.getLineNr(), loc.getColumnNr(), path, message));
        }

        private static JsonStreamContext valueContext(JsonParser p) {
            return p.currentToken() != null && p.currentToken().isStructStart()
                    ? p.getParsingContext().getParent() : p.getParsingContext();
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) throws IOException {
            // The path is the object's own plus the key: a record is bound from a token buffer whose
            // context sits wherever the buffered value left it.
            JsonStreamContext object = p.getParsingContext();
            while (object != null && !object.inObject()) {
                object = object.getParent();
            }
            String base = object == null ? "" : YamlPaths.of(object.getParent());
            String path = base.isEmpty() ? propertyName : base + "." + propertyName;
            JsonLocation loc = paths.locate(path);
            errors.add(new ConfigError(file, loc.getLineNr(), loc.getColumnNr(), path,
                    "unknown key '" + propertyName + "'; known: " + known(deserializer.getKnownPropertyNames())));
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value,
                                             String failureMsg) {
            return weird(ctxt, targetType, value);
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
                                             String failureMsg) {
            return weird(ctxt, targetType, String.valueOf(value));
        }

        @Override
        public Object handleWeirdKey(DeserializationContext ctxt, Class<?> rawKeyType, String keyValue,
                                     String failureMsg) {
            return weird(ctxt, rawKeyType, keyValue);
        }

        /** Records a value that cannot be read as its type, and binds null so binding goes on. */
        private Object weird(DeserializationContext ctxt, Class<?> type, String value) {
            JsonParser p = ctxt.getParser();
            add(p, p.getParsingContext(), describe(p.getParsingContext(), type, value));
            return null;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t,
                                            JsonParser p, String failureMsg) throws IOException {
            add(p, valueContext(p), "expected " + typeName(targetType.getRawClass()) + ", found " + tokenName(t));
            p.skipChildren();
            return null;
        }

        private static String describe(JsonStreamContext ctx, Class<?> type, String value) {
            if (type.isEnum()) {
                String field = type == SensorKind.class ? "kind" : type == Severity.class ? "severity"
                        : type == Window.Day.class ? "day" : type == Door.Offline.class ? "offline mode"
                        : ctx.getCurrentName() == null ? "value" : ctx.getCurrentName();
                return "unknown " + field + " '" + value + "'; known: " + enumValues(type);
            }
            if (type == Duration.class) {
                return "'" + value + "': " + Durations.EXPECTED;
            }
            if (type == Power.class) {
                return "'" + value + "': " + Power.EXPECTED;
            }
            return "'" + value + "' is not " + typeName(type);
        }

        private static String enumValues(Class<?> type) {
            return Arrays.stream(type.getEnumConstants()).map(c -> c instanceof WireNamed n ? n.wire() : c.toString())
                    .collect(Collectors.joining(", "));
        }

        private static String typeName(Class<?> type) {
            if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
                return "a number";
            }
            if (type == String.class) {
                return "a text value";
            }
            if (Collection.class.isAssignableFrom(type)) {
                return "a list";
            }
            if (type == Duration.class) {
                return "a duration such as 30s";
            }
            if (type == LocalTime.class) {
                return Times.EXPECTED_TIME;
            }
            if (type == LocalDate.class) {
                return Times.EXPECTED_DATE;
            }
            return "a mapping of keys (" + type.getSimpleName() + ")";
        }

        private static String tokenName(JsonToken t) {
            return switch (t) {
                case START_ARRAY -> "a list";
                case START_OBJECT -> "a mapping";
                case VALUE_STRING -> "a text value";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "true/false";
                default -> "nothing";
            };
        }

        private static String known(Collection<Object> names) {
            return names == null ? "?" : new TreeSet<>(names.stream().map(String::valueOf).toList()).stream()
                    .collect(Collectors.joining(", "));
        }
    }

}
