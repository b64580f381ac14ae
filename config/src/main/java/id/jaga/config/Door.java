package id.jaga.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.List;

/**
 * A controlled door, wired to one agent: its {@code contact} (a sensor of kind door), {@code lock}
 * (an output of kind lock), badge {@code reader}, optional {@code exit} button (a sensor of kind
 * exit-request), {@code tamper} switch of its lock or reader (a sensor of kind tamper) and {@code camera}. A grant unlocks it for {@code unlockFor}; open longer than
 * {@code heldOpenAfter} is an alarm. {@code offline}: what the agent does with a badge while the
 * controller cannot decide. Outside the schedule named by {@code twoPersonOutside}, two authorised
 * people must badge within {@code twoPersonWithin}. {@code pinRequired}: a badge alone is not enough,
 * its holder's PIN must come with it. {@code remoteUnlock}: the controller roles that may unlock it
 * from the console (none unless named).
 */
public record Door(String id, String name, String room, String agent, String contact, String lock, String reader,
                   String exit, String tamper, String camera, Duration unlockFor, Duration heldOpenAfter, Offline offline,
                   String twoPersonOutside, Duration twoPersonWithin, Boolean pinRequired, List<String> remoteUnlock) {
    public Door {
        unlockFor = unlockFor == null ? Duration.ofSeconds(5) : unlockFor;
        heldOpenAfter = heldOpenAfter == null ? Duration.ofMinutes(1) : heldOpenAfter;
        offline = offline == null ? Offline.DENY : offline;
        twoPersonWithin = twoPersonWithin == null ? Duration.ofSeconds(30) : twoPersonWithin;
        pinRequired = pinRequired != null && pinRequired;
        remoteUnlock = Lists.of(remoteUnlock);
    }

    /** The agent's choice while the controller is out of reach. */
    public enum Offline implements WireNamed {
        /** Nobody enters without the controller's decision (the default). */
        DENY("deny"),
        /** Badges on the last signed allow-list from the controller enter within their windows. */
        ALLOW_LIST("allow-list");

        private final String wire;

        Offline(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }
    }
}
