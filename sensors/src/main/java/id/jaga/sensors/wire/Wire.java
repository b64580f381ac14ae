package id.jaga.sensors.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;

/**
 * The one JSON codec of the wire protocol, used by agent, controller and simulator alike.
 * Decoding is strict: a payload that is not JSON, has another schema version, lacks a field, has a
 * field this version does not know, or carries an impossible value is refused with a reason.
 */
public final class Wire {
    /** Version of every payload defined in this package; bumped on any incompatible change. */
    public static final int SCHEMA = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule().addDeserializer(Instant.class, new UtcInstantDeserializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();

    private Wire() {
    }

    public static byte[] encode(Object message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    public static String encodeToString(Object message) {
        return new String(encode(message), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Decodes and validates, or throws {@link WireException} naming the reason. */
    public static <T> T decode(byte[] payload, Class<T> type) {
        try {
            T value = MAPPER.readValue(payload, type);
            if (value == null) {
                throw new WireException("not-json", "empty payload");
            }
            return value;
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof WireException w) {
                throw w;
            }
            throw new WireException("bad-value", e.getOriginalMessage());
        } catch (UnrecognizedPropertyException e) {
            throw new WireException("unknown-field", "unknown field '" + e.getPropertyName() + "' in " + type.getSimpleName());
        } catch (MismatchedInputException e) {
            throw new WireException("bad-value", "wrong type at " + path(e) + ": " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new WireException("not-json", firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new WireException("not-json", e.getMessage());
        }
    }

    static void checkSchema(Integer schema) {
        WireException.require(schema, "schema");
        if (schema != SCHEMA) {
            throw new WireException("schema-version", "schema " + schema + " is not supported; this side speaks " + SCHEMA);
        }
    }

    private static String path(MismatchedInputException e) {
        StringBuilder b = new StringBuilder();
        e.getPath().forEach(r -> b.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]"));
        return b.length() == 0 ? "top level" : b.substring(b.charAt(0) == '.' ? 1 : 0);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
