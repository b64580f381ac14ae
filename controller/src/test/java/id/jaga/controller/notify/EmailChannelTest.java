package id.jaga.controller.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.controller.alarm.Alarm;
import id.jaga.controller.alarm.AlarmChange;
import id.jaga.controller.storage.Database;
import id.jaga.config.Storage;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** E-mail notifications through a real SMTP server started by the test (GreenMail), with a login. */
class EmailChannelTest {
    @TempDir
    Path dir;
    private GreenMail smtp;
    private Notifications notifications;
    private Database db;

    @AfterEach
    void stop() {
        if (db != null) {
            db.close();
        }
        if (notifications != null) {
            notifications.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Notifications notificationsTo(int port) throws IOException {
        return notificationsTo(port, "0s");
    }

    private Notifications notificationsTo(int port, String groupWithin) throws IOException {
        Path password = Files.writeString(dir.resolve("smtp.password"), "mail-secret\n");
        SiteConfig site = new SiteLoader().parse("mail.yaml", """
                site: {id: dc}
                rooms: [{id: room}]
                notifications:
                  - {id: ops-mail, type: email, smtpHost: 127.0.0.1, smtpPort: %d, username: jaga, passwordFile: %s,
                     from: jaga@kominfo.example.go.id, to: [noc@kominfo.example.go.id, kepala@kominfo.example.go.id],
                     groupWithin: %s}
                """.formatted(port, password, groupWithin));
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        return new Notifications(site, new NotificationLog(db), Clock.systemUTC());
    }

    private static Alarm alarm() {
        Instant t = Instant.parse("2026-11-22T03:00:00Z");
        return new Alarm(9, "rack-1-inlet", "temperature-high", Severity.CRITICAL, Alarm.State.ACTIVE,
                "rack-1-inlet temperature 33.0 C above critical limit 32.0 C", 33.0, 33.0, 1, t, t, null, false, true, null, null);
    }

    @Test
    void aBurstOfChangesIsOneMailNamingTheWorstSeverity() throws Exception {
        int port = freePort();
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("jaga", "mail-secret"));
        smtp.start();
        notifications = notificationsTo(port, "1s");
        Instant t = Instant.parse("2026-11-22T03:00:00Z");
        Alarm minor = new Alarm(10, "rack-2-humidity", "humidity-high", Severity.MINOR, Alarm.State.ACTIVE,
                "rack-2-humidity 72 %RH", 72.0, 72.0, 1, t, t, null, false, true, null, null);

        notifications.changed(new AlarmChange(minor, "raised"), List.of());
        notifications.changed(new AlarmChange(alarm(), "raised"), List.of());

        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 2);
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertEquals("[Jaga dc] 2 alarm changes, worst CRITICAL", mail.getSubject());
        String body = mail.getContent().toString();
        assertTrue(body.indexOf("rack-2-humidity 72 %RH") < body.indexOf("rack-1-inlet temperature 33.0 C"), body);
    }

    @Test
    void anAlarmChangeIsMailedToEveryRecipient() throws Exception {
        int port = freePort();
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("jaga", "mail-secret"));
        smtp.start();
        notifications = notificationsTo(port);

        notifications.changed(new AlarmChange(alarm(), "raised"), List.of());

        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 2);
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertEquals("[Jaga dc] CRITICAL raised: rack-1-inlet temperature-high", mail.getSubject());
        assertEquals("jaga@kominfo.example.go.id", mail.getFrom()[0].toString());
        assertTrue(mail.getContent().toString().contains("rack-1-inlet temperature 33.0 C above critical limit 32.0 C"));
        // counted once the SMTP session ends, which may be just after the server has stored the mail
        await().atMost(Duration.ofSeconds(5)).until(() -> notifications.statuses().get("ops-mail").delivered() == 1);
    }

    @Test
    void aMailServerThatIsDownIsRetriedAndShownUntilItComesUp() throws Exception {
        int port = freePort();
        notifications = notificationsTo(port);
        notifications.changed(new AlarmChange(alarm(), "raised"), List.of());

        await().atMost(Duration.ofSeconds(20)).until(() -> notifications.statuses().get("ops-mail").failedAttempts() > 0);
        assertEquals("failing", notifications.statuses().get("ops-mail").state());
        assertEquals(false, notifications.healthy());

        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("jaga", "mail-secret"));
        smtp.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 2);
        await().atMost(Duration.ofSeconds(5)).until(notifications::healthy);
    }
}
