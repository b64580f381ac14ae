package id.jaga.config;

import java.time.Duration;
import java.util.List;

/**
 * When and how the site fails over to a DRC. {@code mode}: {@code automatic} (a confirmed trigger
 * fails over at once), {@code approval} (an operator approves or cancels within
 * {@code approvalWindow}, after which {@code onApprovalTimeout} applies: {@code failover} or
 * {@code cancel}), or {@code drill} (everything runs and is recorded, every action only as a dry
 * run). A trigger may choose its own {@code decide}. Failback waits until no trigger has held for
 * {@code failbackAfter}; it is an operator's decision unless {@code autoFailback}.
 */
public record FailoverPolicy(String mode, Duration approvalWindow, String onApprovalTimeout, Duration failbackAfter,
                             Boolean autoFailback, List<Trigger> triggers) {
    public static final String AUTOMATIC = "automatic";
    public static final String APPROVAL = "approval";
    public static final String DRILL = "drill";
    public static final FailoverPolicy DEFAULT = new FailoverPolicy(null, null, null, null, null, null);

    public FailoverPolicy {
        mode = mode == null ? APPROVAL : mode;
        approvalWindow = approvalWindow == null ? Duration.ofMinutes(5) : approvalWindow;
        onApprovalTimeout = onApprovalTimeout == null ? "failover" : onApprovalTimeout;
        failbackAfter = failbackAfter == null ? Duration.ofMinutes(30) : failbackAfter;
        autoFailback = autoFailback != null && autoFailback;
        triggers = Lists.of(triggers);
    }

    /**
     * A named reason to fail over, made of the same conditions as a composite alarm: it must hold
     * for {@code confirmFor} (default at once) before it counts. {@code decide}: {@code automatic}
     * or {@code approval}; absent, the policy's mode decides.
     */
    public record Trigger(String id, String room, Duration confirmFor, String decide, List<Composite.Condition> all,
                          List<Composite.Condition> any) {
        public Trigger {
            confirmFor = confirmFor == null ? Duration.ZERO : confirmFor;
            all = Lists.of(all);
            any = Lists.of(any);
        }
    }
}
