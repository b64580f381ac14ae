package id.jaga.simulator.scenario;

import id.jaga.config.Durations;
import java.io.PrintWriter;

/** A run as the terminal shows it: the timeline in scenario time, a verdict per expectation, the outcome. */
final class TextReport {
    private TextReport() {
    }

    static void print(RunResult run, PrintWriter out) {
        Scenario s = run.scenario();
        out.printf("Scenario: %s (%s)%n", s.name(), s.file());
        out.printf("  seed %d, speed %sx: %s of scenario time in %.1f s%n", s.seed(), Speeds.format(s.speed()),
                Durations.format(s.duration()), run.wallTime().toMillis() / 1000.0);
        run.warnings().forEach(w -> out.println("  warning: " + w));
        out.println();
        out.println("Timeline");
        for (RunResult.Entry e : run.timeline()) {
            out.printf("  %8s  %-8s  %s%n", Offsets.format(e.at()), e.kind().label(), e.text());
        }
        out.println();
        out.println("Verdicts");
        run.verdicts().forEach(v -> out.println("  " + v));
        long passed = run.verdicts().stream().filter(Verdict::passed).count();
        out.println();
        out.printf("Overall: %s (%d of %d expectations met)%n", run.passed() ? "PASS" : "FAIL", passed, run.verdicts().size());
        out.flush();
    }
}
