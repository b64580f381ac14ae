package id.jaga.simulator.load;

import id.jaga.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations on the command line written as in a site file: 500ms, 30s, 5m. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        Duration d = Durations.parse(text);
        if (d == null) {
            throw new TypeConversionException("'" + text + "' is not a duration such as 500ms, 30s, 5m");
        }
        return d;
    }
}
