package id.jaga.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.util.function.Function;

/**
 * A value people write as text in a site file (30s, 07:30, 2026-12-31): parsed by {@code parse}
 * (null when it is not one), otherwise handed to the loader's problem handler as a located error.
 * With {@code numbersToo}, a YAML number is read as its text, so {@code 730} is a bad time, not a
 * wrong type.
 */
final class TextScalarDeserializer<T> extends StdScalarDeserializer<T> {
    private static final long serialVersionUID = 1L;
    private final transient Function<String, T> parse;
    private final String expected;
    private final boolean numbersToo;

    TextScalarDeserializer(Class<T> type, Function<String, T> parse, String expected, boolean numbersToo) {
        super(type);
        this.parse = parse;
        this.expected = expected;
        this.numbersToo = numbersToo;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        boolean text = p.hasToken(JsonToken.VALUE_STRING)
                || numbersToo && (p.hasToken(JsonToken.VALUE_NUMBER_INT) || p.hasToken(JsonToken.VALUE_NUMBER_FLOAT));
        if (!text) {
            return (T) ctxt.handleUnexpectedToken(handledType(), p);
        }
        T value = parse.apply(p.getText());
        return value != null ? value : (T) ctxt.handleWeirdStringValue(handledType(), p.getText(), expected);
    }
}
