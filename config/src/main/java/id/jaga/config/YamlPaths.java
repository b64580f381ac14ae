package id.jaga.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Paths written as in error messages ({@code racks[2].sensors[0].kind}) and the position in the
 * file where each path starts, so that checks made on the bound records can still name a line.
 * Other YAML files with located errors (the simulator's scenarios) use it too.
 */
public final class YamlPaths {
    private final Map<String, JsonLocation> locations = new HashMap<>();

    /** Reads the whole document once, remembering where every key and list entry starts. */
    public static YamlPaths index(JsonParser p) throws IOException {
        YamlPaths paths = new YamlPaths();
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
            JsonStreamContext ctx = t.isStructStart() ? p.getParsingContext().getParent() : p.getParsingContext();
            if (t == JsonToken.FIELD_NAME || (ctx != null && ctx.inArray())) {
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
