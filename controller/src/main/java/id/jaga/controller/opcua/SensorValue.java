package id.jaga.controller.opcua;

import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * One sensor's value as OPC UA shows it: the newest good value, with a status that says how far to
 * trust it. Good while the sensor keeps reporting good readings; Uncertain (last usable value) once
 * it is stale, as the API's {@code current: false}; Bad with no value after a failed read, as
 * OPC UA asks of a Bad status, or before any reading at all.
 */
final class SensorValue {
    static final StatusCode WAITING = new StatusCode(StatusCodes.Bad_WaitingForInitialData);
    static final StatusCode FAILED = new StatusCode(StatusCodes.Bad_SensorFailure);
    static final StatusCode STALE = new StatusCode(StatusCodes.Uncertain_LastUsableValue);

    private Reading lastGood;

    /** The value for the newest reading ({@code null}: none yet) and whether the sensor is current. */
    DataValue next(Reading latest, boolean current, Instant now) {
        if (latest == null) {
            return value(Variant.NULL_VALUE, WAITING, null, now);
        }
        if (latest.quality() == Quality.GOOD) {
            lastGood = latest;
        }
        if (latest.quality() == Quality.BAD) {
            return value(Variant.NULL_VALUE, FAILED, latest.ts(), now);
        }
        if (lastGood == null) {
            return value(Variant.NULL_VALUE, WAITING, latest.ts(), now);
        }
        Variant v = new Variant(lastGood.value() != null ? lastGood.value() : lastGood.text());
        boolean good = latest.quality() == Quality.GOOD && current;
        return value(v, good ? StatusCode.GOOD : STALE, lastGood.ts(), now);
    }

    private static DataValue value(Variant v, StatusCode status, Instant source, Instant now) {
        return new DataValue(v, status, source == null ? null : new DateTime(source), new DateTime(now));
    }
}
