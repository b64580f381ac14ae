package id.jaga.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Paths written as in error messages ({@code racks[2].sensors[0].kind}) and the position in the
 * file where each path starts, so that checks made on the bound records can still name a line.
 * Reading the file once for that also finds its duplicate keys and what its document is (a mapping,
 * a list, a single value or nothing). Other YAML files with located errors (the simulator's
 * scenarios) use it too.
 */
public final class YamlPaths {
    private final Map<String, JsonLocation> locations = new HashMap<>();
    private final List<Duplicate> duplicates = new ArrayList<>();
    private JsonToken root;
    private String rootText;
    private JsonLocation rootLocation = new JsonLocation(null, -1, 1, 1);

    /** A key given twice in one mapping: where it is again, and where it was first. */
    private record Duplicate(String path, String key, JsonLocation at, JsonLocation first) {
    }

    /**
     * Reads the whole document once, remembering where every key and list entry starts. Duplicate
     * keys are noted, not refused, so that they are all reported (with their paths) along with the
     * file's other problems; the parser must not be set to refuse them.
     */
    public static YamlPaths index(JsonParser p) throws IOException {
        YamlPaths paths = new YamlPaths();
        Deque<Map<String, JsonLocation>> keys = new ArrayDeque<>(); // the keys of each mapping being read
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
            if (paths.root == null) {
                paths.root = t;
                paths.rootLocation = p.currentTokenLocation();
                paths.rootText = t.isScalarValue() ? p.getText() : null;
            }
            JsonStreamContext ctx = t.isStructStart() ? p.getParsingContext().getParent() : p.getParsingContext();
            if (t == JsonToken.START_OBJECT) {
                keys.push(new HashMap<>());
            } else if (t == JsonToken.END_OBJECT) {
                keys.pop();
            }
            if (t == JsonToken.FIELD_NAME) {
                JsonLocation at = p.currentTokenLocation();
                String path = of(ctx);
                JsonLocation first = keys.isEmpty() ? null : keys.peek().putIfAbsent(p.currentName(), at);
                if (first != null) {
                    paths.duplicates.add(new Duplicate(path, p.currentName(), at, first));
                }
                paths.locations.putIfAbsent(path, at);
            } else if (ctx != null && ctx.inArray()) {
                paths.locations.putIfAbsent(of(ctx), p.currentTokenLocation());
            }
        }
        return paths;
    }

    /** The location of a path, or of its nearest ancestor that is in the file. */
    public JsonLocation locate(String path) {
        String p = path;
        while (!p.isEmpty()) {
            JsonLocation loc = locations.get(p);
            if (loc != null) {
                return loc;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return new JsonLocation(null, -1, 1, 1);
    }

    /** Every key given a second time in its mapping, located where it is given again. */
    public List<ConfigError> duplicates(String file) {
        return duplicates.stream().map(d -> new ConfigError(file, d.at().getLineNr(), d.at().getColumnNr(), d.path(),
                "duplicate key '" + d.key() + "': already given at line " + d.first().getLineNr()
                        + (d.first().getLineNr() == d.at().getLineNr() ? ", column " + d.first().getColumnNr() : "")
                        + "; a key may appear once in a mapping")).toList();
    }

    /** Where the document starts (its first value; the top of an empty one), for a problem with the document as a whole. */
    public JsonLocation rootLocation() {
        return empty() ? new JsonLocation(null, -1, 1, 1) : rootLocation;
    }

    private boolean empty() {
        return root == null || root == JsonToken.VALUE_NULL || root == JsonToken.VALUE_STRING && rootText.isBlank();
    }

    /**
     * Null when the document is a mapping, as site and scenario files are; else what is wrong with
     * it, starting with {@code expected} (what the file should be): empty (nothing, or only comments,
     * {@code ---} or {@code ~}), a list, or a single value.
     */
    public String notAMapping(String expected) {
        if (empty()) {
            return YamlFiles.EMPTY + "; " + expected;
        }
        if (root == JsonToken.START_OBJECT) {
            return null;
        }
        if (root == JsonToken.START_ARRAY) {
            return expected + ", not a list";
        }
        String text = rootText.length() > 40 ? rootText.substring(0, 40) + "..." : rootText;
        return expected + ", not the single value '" + text + "'";
    }

    /** The path of the value a parser context is at. */
    static String of(JsonStreamContext ctx) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
