package id.jaga.config;

/**
 * A local rule the agent applies by itself, broker or not: when {@code sensor} reads above
 * {@code above} (or below {@code below}), switch {@code output} on. A latched rule (the default)
 * keeps the output on until a command switches it off.
 */
public record FailsafeRule(String sensor, Double above, Double below, String output, Boolean latch) {
    public FailsafeRule {
        latch = latch == null ? Boolean.TRUE : latch;
    }

    public boolean triggeredBy(double value) {
        return above != null && value > above || below != null && value < below;
    }
}
