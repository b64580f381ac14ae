package id.jaga.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.jaga.config.Severity;
import id.jaga.simulator.scenario.Observed.AlarmChange;
import id.jaga.simulator.scenario.Observed.FailoverChange;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verdicts say what was expected, in which window, and what was seen instead. */
class ExpectationTest {
    static final Window TWO_MINUTES_ON = Window.after(Duration.ofMinutes(2), Duration.ofSeconds(90));

    private static AlarmChange alarm(String at, String severity, String state, String change) {
        return new AlarmChange(Duration.parse("PT" + at), "rack-2-inlet", "temperature-high", severity, state, change, null);
    }

    private static Evidence of(List<AlarmChange> alarms, List<FailoverChange> failovers) {
        return new Evidence(alarms, failovers, List.of(), null);
    }

    @Test
    void anAlarmBelowTheExpectedSeverityFailsWithWhatWasSeen() {
        var expected = new Expectation.AlarmRaised("alarm rack-2-inlet/temperature-high major", TWO_MINUTES_ON,
                "rack-2-inlet", "temperature-high", Severity.MAJOR);

        assertEquals(new Verdict("alarm rack-2-inlet/temperature-high major within 90s of 2m", false,
                "saw only warning raised at 3m10s"), expected.judge(of(List.of(alarm("3M10S", "warning", "active", "raised")), List.of())));
        assertEquals("raised critical at 3m", expected.judge(of(List.of(alarm("3M", "critical", "active", "raised")), List.of())).reason(),
                "a higher severity meets it");
        assertEquals("not in the window; saw major escalated at 4m", expected.judge(of(List.of(
                alarm("4M", "major", "active", "escalated")), List.of())).reason());
        assertEquals("never raised", expected.judge(of(List.of(), List.of())).reason());
    }

    @Test
    void clearedAndNoAlarmLookOnlyInsideTheirWindow() {
        var cleared = new Expectation.AlarmCleared("alarm rack-2-inlet/temperature-high cleared", TWO_MINUTES_ON,
                "rack-2-inlet", "temperature-high");
        var none = new Expectation.NoAlarm("no alarm of type temperature-high", TWO_MINUTES_ON, "*", "temperature-high");
        Evidence seen = of(List.of(alarm("1M", "warning", "active", "raised"), alarm("3M", "warning", "cleared", "cleared")), List.of());

        assertEquals("cleared at 3m", cleared.judge(seen).reason());
        assertEquals(true, none.judge(seen).passed(), "raised before the window");
    }

    @Test
    void aFailoverToAnotherDrcNamesWhereItWent() {
        var expected = new Expectation.FailoverReached("failover ON_DRC to drc-jakarta", TWO_MINUTES_ON, "ON_DRC", "drc-jakarta");
        List<FailoverChange> went = List.of(
                new FailoverChange(Duration.ofMinutes(2), "FAILING_OVER", null, "manual", "operator:budi", false, null),
                new FailoverChange(Duration.ofSeconds(125), "ON_DRC", "drc-makassar", "manual", "operator:budi", false, null));

        assertEquals("saw FAILING_OVER at 2m, ON_DRC to drc-makassar at 2m5s", expected.judge(of(List.of(), went)).reason());
    }
}
