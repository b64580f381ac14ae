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
        return parse(file.toString(), YamlFiles.read(file, YamlFiles.SITE));
    }

    public SiteConfig parse(String fileName, String yaml) {
        List<ConfigError> errors = new ArrayList<>();
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(loaderOptions()).build();
        YamlPaths paths;
        try (JsonParser p = factory.createParser(yaml)) {
            paths = YamlPaths.index(p);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(YamlFiles.syntaxError(fileName, yaml, e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        errors.addAll(paths.duplicates(fileName));
        int duplicates = errors.size(); // the value given last is bound, and checked
        String notAMapping = paths.notAMapping("a site file is a mapping of keys, starting with site: {id, name}");
        if (notAMapping != null) {
            errors.add(new ConfigError(fileName, paths.rootLocation().getLineNr(), paths.rootLocation().getColumnNr(), "", notAMapping));
            errors.sort(null);
            throw new ConfigException(errors);
        }
        try {
            ObjectMapper mapper = mapper(factory, new Collector(fileName, paths, errors));
            SiteConfig site = mapper.readValue(yaml, SiteConfig.class);
            if (site == null) {
                throw new ConfigException(List.of(new ConfigError(fileName, 1, 1, "", YamlFiles.EMPTY)));
            }
            // Checks run even after binding problems, so one pass reports everything; a value that
            // could not be read is not reported a second time as missing.
            List<String> unreadable = errors.subList(duplicates, errors.size()).stream().map(ConfigError::path).toList();
            Problems problems = new Problems() {
                @Override
                public void add(String path, String message) {
                    if (unreadable.stream().noneMatch(bad -> path.equals(bad) || path.startsWith(bad + ".") || path.startsWith(bad + "["))) {
                        JsonLocation loc = paths.locate(path);
                        errors.add(new ConfigError(fileName, loc.getLineNr(), loc.getColumnNr(), path, message));
                    }
                }

                @Override
                public int line(String path) {
                    return paths.locate(path).getLineNr();
                }
            };
            new SiteValidator(site, problems, checkFiles).validate();
            extraChecks.forEach(check -> check.check(site, problems));
            if (errors.isEmpty()) {
                return site;
            }
        } catch (JsonProcessingException e) {
            errors.add(YamlFiles.syntaxError(fileName, yaml, e));
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
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        // Duplicate keys are reported from the index (every one, with its path), not at the first while binding.
        mapper.addHandler(collector);
        return mapper;
    }

    /** Where a check reports a problem: the path it is about and what is wrong. */
    @FunctionalInterface
    public interface Problems {
        void add(String path, String message);

        /** The line a path is on, for a message that names another place in the file; 0 when unknown. */
        default int line(String path) {
            return 0;
        }
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
            String base = objectPath(ctxt, p);
            String path = base.isEmpty() ? propertyName : base + "." + propertyName;
            JsonLocation loc = paths.locate(path);
            errors.add(new ConfigError(file, loc.getLineNr(), loc.getColumnNr(), path,
                    "unknown key '" + propertyName + "'; known: " + known(deserializer.getKnownPropertyNames())));
            p.skipChildren();
            return true;
        }

        /**
         * The path of the mapping an unknown key is in. Read straight from the file, the parser is at
         * the key's value (whose own context a mapping or list has already opened). A record's unknown
         * keys are instead kept aside and replayed once the whole mapping is read: then the replaying
         * parser knows nothing of the file, and the file's parser is past the mapping's end (its
         * context is the mapping's place in its parent) or, if every component was found before the
         * end, at the next key (its context is the mapping's own).
         */
        private static String objectPath(DeserializationContext ctxt, JsonParser p) {
            JsonParser source = ctxt.getParser();
            if (p == source) {
                JsonStreamContext object = p.getParsingContext();
                if (p.currentToken() != null && p.currentToken().isStructStart()) {
                    object = object.getParent();
                }
                return object == null ? "" : YamlPaths.of(object.getParent());
            }
            JsonStreamContext at = source.getParsingContext();
            if (source.currentToken() == JsonToken.FIELD_NAME) {
                at = at.getParent();
            }
            return YamlPaths.of(at);
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
