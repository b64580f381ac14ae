package id.jaga.config;

/** One problem in a site file, located so the operator can go straight to it. */
public record ConfigError(String file, int line, int column, String path, String message)
        implements Comparable<ConfigError> {

    @Override
    public int compareTo(ConfigError o) {
        return line != o.line ? Integer.compare(line, o.line) : Integer.compare(column, o.column);
    }

    @Override
    public String toString() {
        // A file that cannot be read at all has no line to name.
        return file + (line > 0 ? ":" + line + ":" + column : "") + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
