package id.jaga.controller.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Access;
import id.jaga.config.AccessRule;
import id.jaga.config.Door;
import id.jaga.config.Person;
import id.jaga.config.Window;
import id.jaga.config.Window.Day;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

/** Decisions and offline periods from the rules alone, in the site's time zone (Makassar, UTC+8). */
class AccessRulesTest {
    private static final ZoneId MAKASSAR = ZoneId.of("Asia/Makassar");
    private static final Door SERVER_ROOM = door("server-room", null, false);
    private static final Door VAULT = door("vault", "office-hours", true);
    private static final String PIN_HASH = OpenBSDBCrypt.generate("2b", "2468".toCharArray(), new byte[16], 4);

    private static Door door(String id, String twoPersonOutside, boolean pin) {
        return new Door(id, null, "r", "pi-a", id + "-contact", id + "-lock", id + "-reader", null, null, null, null, null,
                Door.Offline.ALLOW_LIST, twoPersonOutside, null, pin, List.of());
    }

    private final AccessRules rules = new AccessRules(new Access(List.of(SERVER_ROOM, VAULT), List.of(
            new Person("andi", "Andi", "engineer", List.of("4152011"), PIN_HASH, false, null),
            new Person("sari", "Sari", "staff", List.of("00AB12"), null, false, null),
            new Person("budi", "Budi", "vendor", List.of("4188802"), null, false, LocalDate.parse("2026-12-31")),
            new Person("eko", "Eko", "engineer", List.of("4100001"), null, true, null),
            new Person("rina", "Rina", "engineer", List.of("4100002"), null, false, LocalDate.parse("2026-11-20"))),
            List.of(new AccessRule("engineers", null, List.of("engineer"), List.of("server-room", "vault"), "always", null, null, null),
                    new AccessRule("staff", null, List.of("staff"), List.of("server-room"), "office-hours", null, null, null),
                    new AccessRule("ups-visit", List.of("budi"), null, List.of("server-room"), null,
                            LocalDate.parse("2026-11-25"), LocalTime.parse("09:00"), LocalTime.parse("15:00"))),
            Map.of("office-hours", List.of(new Window(List.of(Day.MON, Day.TUE, Day.WED, Day.THU, Day.FRI),
                    LocalTime.parse("07:30"), LocalTime.parse("16:00")))),
            null, null, null), MAKASSAR);

    /** A local time in Makassar. */
    private static Instant at(String local) {
        return java.time.LocalDateTime.parse(local).atZone(MAKASSAR).toInstant();
    }

    private Decision decide(Door door, String badge, String local) {
        return rules.decide(door, badge, null, at(local));
    }

    @Test
    void aKnownBadgeWithinItsScheduleIsGrantedAndNamesThePersonAndRule() {
        Decision d = decide(SERVER_ROOM, "00ab12", "2026-11-23T10:00"); // Monday; hex digits in either case
        assertTrue(d.granted());
        assertEquals("sari", d.person().id());
        assertEquals("rule staff", d.reason());
    }

    @Test
    void eachRefusalSaysWhy() {
        assertEquals("unknown badge", decide(SERVER_ROOM, "999999", "2026-11-23T10:00").reason());
        assertEquals("outside hours", decide(SERVER_ROOM, "00AB12", "2026-11-23T22:00").reason(), "staff after hours");
        assertEquals("outside hours", decide(SERVER_ROOM, "00AB12", "2026-11-22T10:00").reason(), "staff on a Sunday");
        assertEquals("revoked", decide(SERVER_ROOM, "4100001", "2026-11-23T10:00").reason());
        assertEquals("expired on 2026-11-20", decide(SERVER_ROOM, "4100002", "2026-11-23T10:00").reason());
        assertEquals("no access to door vault", decide(VAULT, "00AB12", "2026-11-23T10:00").reason());
        Decision unknown = decide(SERVER_ROOM, "999999", "2026-11-23T10:00");
        assertFalse(unknown.granted());
        assertEquals(null, unknown.person(), "nobody is named for an unknown badge");
    }

    @Test
    void aVendorPassOpensOnlyOnItsDateAndHours() {
        assertTrue(decide(SERVER_ROOM, "4188802", "2026-11-25T09:30").granted());
        assertEquals("outside hours: pass valid on 2026-11-25 09:00-15:00 only",
                decide(SERVER_ROOM, "4188802", "2026-11-26T09:30").reason(), "the wrong day");
        assertFalse(decide(SERVER_ROOM, "4188802", "2026-11-25T15:00").granted(), "the end is not included");
    }

    @Test
    void aDoorThatWantsAPinWantsTheRightOne() {
        assertEquals("PIN required", rules.decide(VAULT, "4152011", null, at("2026-11-23T10:00")).reason());
        assertEquals("wrong PIN", rules.decide(VAULT, "4152011", "1111", at("2026-11-23T10:00")).reason());
        assertTrue(rules.decide(VAULT, "4152011", "2468", at("2026-11-23T10:00")).granted());
        Decision byPinAlone = rules.decide(SERVER_ROOM, null, "2468", at("2026-11-23T10:00"));
        assertTrue(byPinAlone.granted(), "a keypad PIN identifies its holder");
        assertEquals("andi", byPinAlone.person().id());
        assertEquals("unknown PIN", rules.decide(SERVER_ROOM, null, "0000", at("2026-11-23T10:00")).reason());
    }

    @Test
    void theTwoPersonRuleAppliesOutsideItsSchedule() {
        assertFalse(rules.needsTwoPeople(VAULT, at("2026-11-23T10:00")));
        assertTrue(rules.needsTwoPeople(VAULT, at("2026-11-23T20:00")));
        assertFalse(rules.needsTwoPeople(SERVER_ROOM, at("2026-11-23T20:00")));
    }

    @Test
    void offlinePeriodsFollowTheRulesTheValidityAndTheTwoPersonSchedule() {
        Instant from = at("2026-11-23T00:00");
        Instant until = at("2026-11-30T00:00");
        var access = rules.access();
        assertEquals(List.of(new Period(from, until)), rules.periods(access.person("andi").orElseThrow(), SERVER_ROOM, from, until),
                "always, merged into one period");
        assertEquals(List.of(new Period(at("2026-11-25T09:00"), at("2026-11-25T15:00"))),
                rules.periods(access.person("budi").orElseThrow(), SERVER_ROOM, from, until));
        assertEquals(5, rules.periods(access.person("sari").orElseThrow(), SERVER_ROOM, from, until).size(), "Monday to Friday");
        List<Period> vault = rules.periods(access.person("andi").orElseThrow(), VAULT, from, until);
        assertEquals(new Period(at("2026-11-23T07:30"), at("2026-11-23T16:00")), vault.get(0),
                "alone only where the two-person rule does not apply");
        assertEquals(List.of(), rules.periods(access.person("eko").orElseThrow(), SERVER_ROOM, from, until), "revoked");
        assertEquals(List.of(), rules.periods(access.person("rina").orElseThrow(), SERVER_ROOM, from, until), "expired");
        assertEquals(Duration.ofHours(24 * 7), Duration.between(from, until));
    }
}
