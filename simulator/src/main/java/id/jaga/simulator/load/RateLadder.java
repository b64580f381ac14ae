package id.jaga.simulator.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the highest rate a consumer sustains: offered rates rise by {@code factor} from
 * {@code start} until a step fails, then {@code refine} steps halve the gap (geometrically)
 * between the last rate that passed and the first that failed.
 */
record RateLadder(double start, double factor, double max, int refine, Duration stepLength) {

    Outcome climb(LoadStep step, Consumer<LoadStep.Result> report) throws InterruptedException, IOException {
        List<LoadStep.Result> steps = new ArrayList<>();
        double passed = 0;
        double failed = 0;
        for (double rate = start; rate <= max; rate *= factor) {
            LoadStep.Result r = step.run(rate, stepLength);
            steps.add(r);
            report.accept(r);
            if (!r.passed()) {
                failed = rate;
                break;
            }
            passed = rate;
        }
        for (int i = 0; i < refine && passed > 0 && failed > 0; i++) {
            double rate = Math.sqrt(passed * failed);
            LoadStep.Result r = step.run(rate, stepLength);
            steps.add(r);
            report.accept(r);
            if (r.passed()) {
                passed = rate;
            } else {
                failed = rate;
            }
        }
        return new Outcome(passed, failed, steps);
    }

    /** {@code sustained} is 0 when even the first step failed; {@code failedAt} is 0 when no step failed up to the maximum. */
    record Outcome(double sustained, double failedAt, List<LoadStep.Result> steps) {
    }
}
