package id.jaga.config;

/** A band: a reading below {@code low} or above {@code high} breaches it. Either side may be absent. */
public record Limits(Double low, Double high) {

    Limits overriddenBy(Limits other) {
        if (other == null) {
            return this;
        }
        return new Limits(other.low != null ? other.low : low, other.high != null ? other.high : high);
    }
}
