package id.jaga.config;

import java.util.List;
import java.util.stream.Collectors;

/** A site file that cannot be used; carries every problem found, not just the first. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        this("site configuration", errors);
    }

    /** {@code what}: the kind of file, e.g. "scenario file". */
    public ConfigException(String what, List<ConfigError> errors) {
        super(errors.size() + " problem(s) in " + what + ":\n"
                + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
