package id.jaga.controller.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's two dictionaries: the same keys, no empty text, every key the pages and scripts
 * use is there and every key there is used. A script names a key either in a call {@code t('key')}
 * or as a quoted literal of a known namespace (tables such as the severities' labels), so every key
 * is written out in full somewhere and can be checked.
 */
class ConsoleDictionariesTest {
    private static final Path WEBROOT = Path.of("src/main/resources/webroot");
    private static final Pattern HTML_KEY = Pattern.compile("data-i18n(?:-[a-z-]+)?=\"([^\"]+)\"");
    private static final Pattern CALL = Pattern.compile("\\bt\\(\\s*'([^']*)'");
    private static final Pattern LITERAL = Pattern.compile("'([a-z]+(?:\\.[A-Za-z0-9_-]+)+)'");

    @Test
    void bothLanguagesHaveTheSameKeysAndNoEmptyText() throws IOException {
        Map<String, String> en = dictionary("en");
        Map<String, String> id = dictionary("id");
        assertEquals(new TreeSet<>(en.keySet()), new TreeSet<>(id.keySet()), "en.json and id.json must have the same keys");
        Stream.of(en, id).forEach(d -> d.forEach((key, text) -> assertTrue(!text.isBlank(), key + " has no text")));
    }

    @Test
    void everyKeyUsedExistsAndEveryKeyIsUsed() throws IOException {
        Set<String> known = dictionary("en").keySet();
        Set<String> namespaces = known.stream().map(k -> k.substring(0, k.indexOf('.'))).collect(Collectors.toSet());
        Set<String> used = new TreeSet<>();
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> files = Files.walk(WEBROOT)) {
            for (Path file : files.filter(f -> !f.startsWith(WEBROOT.resolve("vendor"))).toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".html")) {
                    collect(HTML_KEY, read(file), used);
                } else if (name.endsWith(".js")) {
                    String js = read(file);
                    Set<String> called = new TreeSet<>();
                    collect(CALL, js, called);
                    called.stream().filter(k -> !known.contains(k)).forEach(k -> missing.add(file.getFileName() + ": t('" + k + "')"));
                    used.addAll(called);
                    Set<String> literals = new TreeSet<>();
                    collect(LITERAL, js, literals);
                    literals.stream().filter(k -> namespaces.contains(k.substring(0, k.indexOf('.')))).forEach(used::add);
                }
            }
        }
        used.stream().filter(k -> !known.contains(k)).forEach(missing::add);
        assertEquals(Set.of(), missing, "keys used but not in the dictionaries");
        Set<String> unused = new TreeSet<>(known);
        unused.removeAll(used);
        assertEquals(Set.of(), unused, "keys in the dictionaries that nothing uses");
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static Map<String, String> dictionary(String language) throws IOException {
        return new ObjectMapper().readValue(WEBROOT.resolve("i18n/" + language + ".json").toFile(), new TypeReference<>() { });
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
