package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The access section: doors, people, rules, schedules, cameras, and the agents' badge readers. */
class AccessConfigTest {
    private final SiteLoader loader = new SiteLoader();

    @Test
    void unquotedTimesAndDatesAreReadAsWritten() {
        // YAML 1.1 would read an unquoted 16:00 as the base-60 number 960.
        SiteConfig site = loader.parse("times.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                access:
                  schedules:
                    office-hours: [{days: [mon, fri], from: 07:30, to: 16:00}, {days: [sat], from: 8:00, to: 24:00}]
                  people: [{id: p, name: P, badges: [0041520], validUntil: 2026-12-31}]
                """);
        List<Window> windows = site.access().schedules().get("office-hours");
        assertEquals(new Window(List.of(Window.Day.MON, Window.Day.FRI), LocalTime.of(7, 30), LocalTime.of(16, 0)), windows.get(0));
        assertEquals(LocalTime.of(8, 0), windows.get(1).from());
        assertEquals(LocalTime.MAX, windows.get(1).to(), "24:00 is the end of the day");
        Person p = site.access().person("p").orElseThrow();
        assertEquals(List.of("0041520"), p.badges(), "a badge keeps its leading zeros");
        assertEquals(LocalDate.of(2026, 12, 31), p.validUntil());
    }

    @Test
    void timesDatesAndDaysThatCannotBeReadAreLocated() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("bad.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                access:
                  schedules:
                    night: [{days: [mon, sunday], from: "25:00", to: 730}]
                  people: [{id: p, name: P, badges: ["1234"], validUntil: 2026-02-30}]
                """));
        assertEquals(List.of(
                "bad.yaml:5:26: access.schedules.night[0].days[1]: unknown day 'sunday'; known: mon, tue, wed, thu, fri, sat, sun",
                "bad.yaml:5:41: access.schedules.night[0].from: '25:00' is not a time of day such as 07:30",
                "bad.yaml:5:54: access.schedules.night[0].to: '730' is not a time of day such as 07:30",
                "bad.yaml:6:59: access.people[0].validUntil: '2026-02-30' is not a date such as 2026-12-31"),
                e.errors().stream().map(ConfigError::toString).toList());
    }
}
