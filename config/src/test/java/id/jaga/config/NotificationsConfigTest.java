package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationsConfigTest {
    @Test
    void channelsAreReadAndTheirMistakesReported() {
        SiteConfig ok = new SiteLoader().parse("ok.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                notifications: [{id: noc, type: webhook, url: "https://noc.example.go.id/hook", severities: [critical, major]}]
                """);
        assertEquals(List.of(Severity.CRITICAL, Severity.MAJOR), ok.notifications().get(0).severities());

        ConfigException e = assertThrows(ConfigException.class, () -> new SiteLoader().checkingFiles().parse("bad.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                notifications:
                  - {id: noc, type: pager, url: "ftp://x/y", secretFile: /nonexistent/secret, rooms: [hall], severities: [urgent]}
                """));
        assertEquals(List.of(
                "bad.yaml:4:15: notifications[0].type: unknown channel type 'pager'; known: webhook",
                "bad.yaml:4:28: notifications[0].url: 'ftp://x/y' is not an http(s) URL",
                "bad.yaml:4:46: notifications[0].secretFile: /nonexistent/secret cannot be read",
                "bad.yaml:4:87: notifications[0].rooms[0]: unknown room 'hall'; known: r",
                "bad.yaml:4:107: notifications[0].severities[0]: unknown severity 'urgent'; known: critical, major, minor, warning"),
                e.errors().stream().map(ConfigError::toString).toList());
    }
}
