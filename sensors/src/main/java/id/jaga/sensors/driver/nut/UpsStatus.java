package id.jaga.sensors.driver.nut;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * NUT's {@code ups.status}: a set of space-separated tokens such as {@code OB DISCHRG LB}. Drivers
 * repeat tokens and order them as they like, so the text is parsed as a set and written back in one
 * stable order: equal states give equal text, and rules can compare them.
 */
public final class UpsStatus {
    /** The tokens NUT defines, in the order normalised text lists them. */
    public static final List<String> KNOWN = List.of(
            "OL", "OB", "LB", "HB", "RB", "CHRG", "DISCHRG", "BYPASS", "CAL", "OFF", "OVER", "TRIM", "BOOST", "FSD", "ALARM");

    private UpsStatus() {
    }

    /**
     * The tokens of a status text: the known ones in {@link #KNOWN} order, then any others (a
     * driver's own, e.g. {@code WAIT}) kept as they are, sorted. Empty for a blank text.
     */
    public static Set<String> parse(String text) {
        Set<String> tokens = new TreeSet<>(Arrays.asList(text.trim().split("\\s+")));
        tokens.remove("");
        Set<String> ordered = new LinkedHashSet<>();
        KNOWN.stream().filter(tokens::contains).forEach(ordered::add);
        ordered.addAll(tokens); // the rest, sorted; known ones are already in
        return ordered;
    }

    /** The status as normalised text, e.g. {@code "DISCHRG OB LB OB"} becomes {@code "OB LB DISCHRG"}. */
    public static String normalise(String text) {
        return String.join(" ", parse(text));
    }
}
