package id.jaga.simulator.scenario;

import java.time.Duration;

/** Times after a scenario's start as the timeline prints them: 0s, 45s, 2m, 3m10s, 1h2m5s, 12.5s. */
final class Offsets {
    private Offsets() {
    }

    static String format(Duration d) {
        String sign = d.isNegative() ? "-" : "";
        d = d.abs();
        long h = d.toHours();
        long m = d.toMinutesPart();
        long s = d.toSecondsPart();
        long tenths = d.toMillisPart() / 100;
        StringBuilder b = new StringBuilder(sign);
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0) {
            b.append(m).append('m');
        }
        if (s > 0 || tenths > 0 || b.length() == sign.length()) {
            b.append(s);
            if (tenths > 0 && h == 0 && m == 0) {
                b.append('.').append(tenths);
            }
            b.append('s');
        }
        return b.toString();
    }
}
