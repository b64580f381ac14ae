package id.jaga.simulator.scenario;

import id.jaga.config.Severity;
import id.jaga.simulator.scenario.Observed.AlarmChange;
import id.jaga.simulator.scenario.Observed.FailoverChange;
import id.jaga.simulator.scenario.Observed.SecurityChange;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the controller should (or should not) do in a window of the run, judged afterwards from
 * what the NOC saw. {@code text} is the expectation as written in the scenario.
 */
interface Expectation {
    String text();

    Window window();

    Verdict judge(Evidence evidence);

    /** The heading of its verdict, e.g. {@code alarm rack-2-inlet/temperature-high major within 90s of 2m}. */
    default String heading() {
        return text() + " " + window();
    }

    /** An alarm of {@code source} ({@code *}: any) and {@code type} is active at {@code severity} or above (any when null). */
    record AlarmRaised(String text, Window window, String source, String type, Severity severity) implements Expectation {
        @Override
        public Verdict judge(Evidence evidence) {
            List<AlarmChange> ofIt = evidence.alarms().stream().filter(a -> a.active() && matches(a, source, type)).toList();
            for (AlarmChange a : ofIt) {
                if (window.contains(a.at()) && atLeast(a.severity(), severity)) {
                    return new Verdict(heading(), true, a.change() + " " + a.severity() + " at " + Offsets.format(a.at())
                            + sourceIfAny(a, source));
                }
            }
            List<AlarmChange> inWindow = ofIt.stream().filter(a -> window.contains(a.at())).toList();
            if (!inWindow.isEmpty()) {
                return new Verdict(heading(), false, "saw only " + seen(inWindow));
            }
            List<AlarmChange> outside = ofIt.stream().filter(a -> atLeast(a.severity(), severity)).toList();
            if (!outside.isEmpty()) {
                return new Verdict(heading(), false, "not in the window; saw " + seen(outside));
            }
            return new Verdict(heading(), false, ofIt.isEmpty() ? "never raised" : "saw only " + seen(ofIt));
        }
    }

    /** An alarm of {@code source} and {@code type} clears (its condition ends). */
    record AlarmCleared(String text, Window window, String source, String type) implements Expectation {
        @Override
        public Verdict judge(Evidence evidence) {
            List<AlarmChange> ofIt = evidence.alarms().stream().filter(a -> matches(a, source, type)).toList();
            for (AlarmChange a : ofIt) {
                if (!a.active() || "condition-cleared".equals(a.change())) {
                    if (window.contains(a.at())) {
                        return new Verdict(heading(), true, a.change() + " at " + Offsets.format(a.at()) + sourceIfAny(a, source));
                    }
                }
            }
            if (ofIt.isEmpty()) {
                return new Verdict(heading(), false, "never raised, so never cleared");
            }
            return new Verdict(heading(), false, "not cleared in the window; saw " + seen(ofIt));
        }
    }

    /** No alarm is raised that matches: any alarm when {@code type} is null, else that type (of {@code source}, or any). */
    record NoAlarm(String text, Window window, String source, String type) implements Expectation {
        @Override
        public Verdict judge(Evidence evidence) {
            List<AlarmChange> raised = evidence.alarms().stream()
                    .filter(a -> a.active() && window.contains(a.at()) && (type == null || matches(a, source, type))).toList();
            return raised.isEmpty() ? new Verdict(heading(), true, "none raised")
                    : new Verdict(heading(), false, "saw " + raised.stream().map(a -> a.key() + " " + a.severity() + " "
                    + a.change() + " at " + Offsets.format(a.at())).distinct().limit(5).collect(Collectors.joining(", ")));
        }
    }

    /** The failover state machine reaches {@code state} (to {@code drc}, when given). */
    record FailoverReached(String text, Window window, String state, String drc) implements Expectation {
        @Override
        public Verdict judge(Evidence evidence) {
            for (FailoverChange f : evidence.failovers()) {
                if (f.state().equals(state) && (drc == null || drc.equals(f.drc())) && window.contains(f.at())) {
                    return new Verdict(heading(), true, state + (f.drc() == null ? "" : " to " + f.drc()) + " at "
                            + Offsets.format(f.at()) + ", decided by " + f.decidedBy());
                }
            }
            if (evidence.failovers().isEmpty()) {
                return new Verdict(heading(), false, "the failover state never changed");
            }
            return new Verdict(heading(), false, "saw " + evidence.failovers().stream()
                    .map(f -> f.state() + (f.drc() == null ? "" : " to " + f.drc()) + " at " + Offsets.format(f.at()))
                    .collect(Collectors.joining(", ")));
        }
    }

    /** The failover state machine does not move. */
    record NoFailover(String text, Window window) implements Expectation {
        @Override
        public Verdict judge(Evidence evidence) {
            List<FailoverChange> moved = evidence.failovers().stream().filter(f -> window.contains(f.at())).toList();
            return moved.isEmpty() ? new Verdict(heading(), true, "the state stayed as it was")
                    : new Verdict(heading(), false, "saw " + moved.stream().map(f -> f.state() + " at " + Offsets.format(f.at()))
                    .collect(Collectors.joining(", ")));
        }
    }

    /** The security log records {@code type} (e.g. access-denied), at {@code door} when given. */
    record SecurityLogged(String text, Window window, String type, String door) implements Expectation {
        @Override
        public Verdict judge(Evidence evidence) {
            for (SecurityChange s : evidence.security()) {
                if (s.type().equals(type) && (door == null || door.equals(s.door())) && window.contains(s.at())) {
                    return new Verdict(heading(), true, "logged at " + Offsets.format(s.at()) + (s.detail() == null ? "" : ": " + s.detail()));
                }
            }
            List<String> seen = evidence.security().stream().filter(s -> window.contains(s.at()))
                    .map(s -> s.type() + " at " + Offsets.format(s.at())).toList();
            return new Verdict(heading(), false, seen.isEmpty() ? "nothing logged in the window" : "saw " + String.join(", ", seen));
        }
    }

    /** Every message each agent numbered reached the NOC's view, and the controller stored every reading in them. */
    record NoReadingLost(String text, Window window) implements Expectation {
        @Override
        public Verdict judge(Evidence evidence) {
            return evidence.lostMessages() == null
                    ? new Verdict(heading(), true, "every numbered message arrived and every reading was stored")
                    : new Verdict(heading(), false, evidence.lostMessages());
        }

        @Override
        public String heading() {
            return text();
        }
    }

    private static boolean matches(AlarmChange a, String source, String type) {
        return a.type().equals(type) && ("*".equals(source) || a.source().equals(source));
    }

    private static boolean atLeast(String severity, Severity least) {
        if (least == null) {
            return true;
        }
        Severity s = Severity.valueOf(severity.toUpperCase(Locale.ROOT));
        return s == least || s.outranks(least);
    }

    private static String sourceIfAny(AlarmChange a, String source) {
        return "*".equals(source) ? " (" + a.source() + ")" : "";
    }

    private static String seen(List<AlarmChange> changes) {
        return changes.stream().limit(6).map(a -> a.severity() + " " + a.change() + " at " + Offsets.format(a.at()))
                .collect(Collectors.joining(", "));
    }
}
