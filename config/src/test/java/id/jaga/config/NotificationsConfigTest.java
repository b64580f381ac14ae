package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationsConfigTest {
    @Test
    void channelsAreRead() {
        SiteConfig ok = new SiteLoader().parse("ok.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                notifications:
                  - {id: noc, type: webhook, url: "https://noc.example.go.id/hook", severities: [critical, major]}
                  - {id: mail, type: email, smtpHost: mail.local, from: jaga@kominfo.go.id, to: [noc@kominfo.go.id]}
                """);
        assertEquals(List.of(Severity.CRITICAL, Severity.MAJOR), ok.notifications().get(0).severities());
        assertEquals(25, ok.notifications().get(1).smtpPort());
    }

    @Test
    void theirMistakesAreReportedWithTheirPaths() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SiteLoader().checkingFiles().parse("bad.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                notifications:
                  - {id: noc, type: pager, secretFile: /nonexistent/secret, rooms: [hall], severities: [urgent]}
                  - {id: hook, type: webhook, url: "ftp://x/y"}
                  - {id: mail, type: email, from: jaga, to: [noc@kominfo.go.id, someone], username: jaga}
                """));
        assertEquals(List.of(
                "bad.yaml:4:15: notifications[0].type: unknown channel type 'pager'; known: webhook, email",
                "bad.yaml:4:28: notifications[0].secretFile: /nonexistent/secret does not exist",
                "bad.yaml:4:69: notifications[0].rooms[0]: unknown room 'hall'; known: r",
                "bad.yaml:4:89: notifications[0].severities[0]: unknown severity 'urgent'; known: critical, major, minor, warning",
                "bad.yaml:5:31: notifications[1].url: 'ftp://x/y' is not an http(s) URL",
                "bad.yaml:6:5: notifications[2].smtpHost: missing: the SMTP server that sends the mail",
                "bad.yaml:6:5: notifications[2]: username and passwordFile go together",
                "bad.yaml:6:29: notifications[2].from: expected an e-mail address, found 'jaga'",
                "bad.yaml:6:65: notifications[2].to[1]: expected an e-mail address, found 'someone'"),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void aPolicyIsReadWithItsDefaults() {
        SiteConfig ok = new SiteLoader().parse("ok.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                notifications:
                  - {id: on-call, type: webhook, url: "https://noc.example.go.id/hook", groupWithin: 30s, repeatEvery: 30m,
                     escalateAfter: 15m, escalateTo: head}
                  - {id: head, type: webhook, url: "https://noc.example.go.id/head"}
                """);
        NotificationChannel onCall = ok.notifications().get(0);
        assertEquals(java.time.Duration.ofSeconds(30), onCall.groupWithin());
        assertEquals(java.time.Duration.ofMinutes(30), onCall.repeatEvery());
        assertEquals("head", onCall.escalateTo());
        assertEquals(NotificationChannel.DEFAULT_GROUP_WITHIN, ok.notifications().get(1).groupWithin());
        assertEquals(null, ok.notifications().get(1).repeatEvery(), "no repeats unless asked for");
    }

    @Test
    void anEscalationMustNameAnotherChannelAndEnd() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SiteLoader().parse("bad.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                notifications:
                  - {id: a, type: webhook, url: "https://x/a", escalateAfter: 10m, escalateTo: b}
                  - {id: b, type: webhook, url: "https://x/b", escalateAfter: 10m, escalateTo: a}
                  - {id: c, type: webhook, url: "https://x/c", escalateTo: nobody, repeatEvery: 0s}
                  - {id: d, type: webhook, url: "https://x/d", escalateAfter: 5m, escalateTo: d}
                """));
        assertEquals(List.of(
                "bad.yaml:4:68: notifications[0].escalateTo: escalation loops back: a -> b -> a",
                "bad.yaml:5:68: notifications[1].escalateTo: escalation loops back: b -> a -> b",
                "bad.yaml:6:5: notifications[2].escalateAfter: escalateAfter and escalateTo go together: after how long, to which channel",
                "bad.yaml:6:48: notifications[2].escalateTo: unknown notification channel 'nobody'; known: a, b, c, d",
                "bad.yaml:6:68: notifications[2].repeatEvery: must be longer than zero",
                "bad.yaml:7:67: notifications[3].escalateTo: a channel cannot escalate to itself"),
                e.errors().stream().map(ConfigError::toString).toList());
    }
}
