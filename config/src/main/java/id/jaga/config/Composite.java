package id.jaga.config;

import java.util.List;

/**
 * An alarm made of other facts, written in the site file: raised at {@code severity} when
 * {@code all} (or {@code any}) of its conditions hold within {@code room} (the whole site when
 * absent). Its alarm has the composite's {@code id} as type and the room (or site) as source.
 */
public record Composite(String id, String room, Severity severity, List<Condition> all, List<Condition> any) {
    public Composite {
        all = Lists.of(all);
        any = Lists.of(any);
    }

    /**
     * One fact: an active alarm of type {@code alarm} ({@code atLeast} of them, default 1); a
     * {@code sensor}'s current good value {@code above} or {@code below} a limit; or more than
     * {@code moreThan} (a share, 0-1) of the racks with an active alarm of {@code racksAtLeast} or worse.
     */
    public record Condition(String alarm, Integer atLeast, String sensor, Double above, Double below,
                            Severity racksAtLeast, Double moreThan) {
    }
}
