package id.jaga.simulator.scenario;

/** Whether one expectation was met, and why or why not, in words an operator can check against the timeline. */
public record Verdict(String expectation, boolean passed, String reason) {
    @Override
    public String toString() {
        return (passed ? "PASS  " : "FAIL  ") + expectation + ": " + reason;
    }
}
