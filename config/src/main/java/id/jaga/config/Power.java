package id.jaga.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An electrical power as people write it in a site file: 6kW, 4500 W, or a plain number of watts. */
public record Power(double watts) {
    static final String EXPECTED = "expected a power such as 6kW, 4.5 kW or 4500W";
    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(kW|W)?");

    /** Returns null when the text is not a power. */
    public static Power parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        double n = Double.parseDouble(m.group(1));
        return new Power("kW".equals(m.group(2)) ? n * 1000 : n);
    }
}
