package id.jaga.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;

/** Part of a weekly schedule: on {@code days} (mon..sun), from {@code from} to {@code to}, site time. */
public record Window(List<Day> days, LocalTime from, LocalTime to) {
    public Window {
        days = Lists.of(days);
    }

    public enum Day implements WireNamed {
        MON("mon", DayOfWeek.MONDAY), TUE("tue", DayOfWeek.TUESDAY), WED("wed", DayOfWeek.WEDNESDAY),
        THU("thu", DayOfWeek.THURSDAY), FRI("fri", DayOfWeek.FRIDAY), SAT("sat", DayOfWeek.SATURDAY),
        SUN("sun", DayOfWeek.SUNDAY);

        private final String wire;
        private final DayOfWeek day;

        Day(String wire, DayOfWeek day) {
            this.wire = wire;
            this.day = day;
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return wire;
        }

        public DayOfWeek dayOfWeek() {
            return day;
        }
    }
}
