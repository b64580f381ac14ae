package id.jaga.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.ParseResult;

/**
 * The folder the user ran a command from. The launcher ({@code ./jaga}) changes to the install
 * folder before starting Java, so that defaults such as {@code data/} and the demo's site file are
 * found there; it passes the caller's folder as {@value #PROPERTY}, and every path given on the
 * command line ({@code check FILE}, {@code --site}, {@code --out}, {@code --write-site}...) is
 * resolved against it, as the user meant. Defaults are not: they stay relative to the install
 * folder. Without the property (Java started directly, or a test) paths are left as they are.
 */
public final class CallerDirectory {
    /** The system property the launcher sets to the caller's working directory. */
    public static final String PROPERTY = "jaga.cwd";

    private CallerDirectory() {
    }

    /** Runs a command line as {@link CommandLine#execute} does, with the paths given on it resolved first. */
    public static int execute(CommandLine commandLine, String... args) {
        return commandLine.setExecutionStrategy(parsed -> {
            resolveGiven(parsed);
            return new CommandLine.RunLast().execute(parsed);
        }).execute(args);
    }

    /** A path as the caller meant it: relative ones against the caller's folder, when known. */
    public static Path resolve(Path path) {
        String dir = System.getProperty(PROPERTY);
        return path == null || path.isAbsolute() || dir == null || dir.isBlank() ? path : Path.of(dir).resolve(path);
    }

    /** Every option and parameter the user gave (not the defaults), of the command and its subcommands. */
    private static void resolveGiven(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (ArgSpec arg : p.matchedArgs()) {
                Object value = arg.getValue();
                Object resolved = resolveValue(value);
                if (resolved != value) {
                    arg.setValue(resolved);
                }
            }
        }
    }

    private static Object resolveValue(Object value) {
        if (value instanceof Path path) {
            Path resolved = resolve(path);
            return resolved.equals(path) ? value : resolved;
        }
        if (value instanceof Collection<?> values && values.stream().anyMatch(Path.class::isInstance)) {
            List<Object> resolved = new ArrayList<>();
            values.forEach(v -> resolved.add(v instanceof Path path ? resolve(path) : v));
            return resolved;
        }
        return value;
    }
}
