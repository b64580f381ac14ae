package id.jaga.controller.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.SensorKind;
import id.jaga.config.Severity;
import id.jaga.config.Thresholds;
import id.jaga.controller.alarm.ThresholdRule.Breach;
import id.jaga.controller.alarm.ThresholdRule.Direction;
import org.junit.jupiter.api.Test;

class ThresholdRuleTest {
    private final Thresholds ashrae = Thresholds.defaultsFor(SensorKind.TEMPERATURE);

    @Test
    void insideTheRecommendedRangeIncludingItsEdgesIsFine() {
        assertTrue(ThresholdRule.evaluate(18.0, ashrae).isEmpty());
        assertTrue(ThresholdRule.evaluate(22.5, ashrae).isEmpty());
        assertTrue(ThresholdRule.evaluate(27.0, ashrae).isEmpty());
    }

    @Test
    void theHighestBreachedSeverityWins() {
        assertEquals(new Breach(Severity.WARNING, Direction.HIGH, 27.0), ThresholdRule.evaluate(27.1, ashrae).orElseThrow());
        assertEquals(new Breach(Severity.CRITICAL, Direction.HIGH, 32.0), ThresholdRule.evaluate(40, ashrae).orElseThrow());
        assertEquals(new Breach(Severity.WARNING, Direction.LOW, 18.0), ThresholdRule.evaluate(16, ashrae).orElseThrow());
        assertEquals(new Breach(Severity.CRITICAL, Direction.LOW, 15.0), ThresholdRule.evaluate(14.9, ashrae).orElseThrow());
    }

    @Test
    void aKindWithoutLimitsNeverBreaches() {
        assertTrue(ThresholdRule.evaluate(1e9, Thresholds.NONE).isEmpty());
    }
}
