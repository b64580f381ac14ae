package id.jaga.sensors.output;

import id.jaga.config.Output;
import id.jaga.config.SiteLoader.Problems;

/** A kind of output hardware that the site file names by {@code driver.type}. */
public interface OutputDriver {
    String type();

    /** Reports problems with an output's driver settings; {@code path} is the output's path in the file. */
    void check(Output output, String path, Problems problems);

    Switch open(Output output);

    /** A resource only one sensor or output of an agent may use, e.g. "GPIO 22"; empty if none. */
    default java.util.Optional<String> exclusiveResource(Output output) {
        return java.util.Optional.empty();
    }
}
