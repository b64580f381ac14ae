package id.jaga.controller.notify;

import id.jaga.config.NotificationChannel;
import id.jaga.config.Severity;
import id.jaga.sensors.wire.AlarmEvent;
import id.jaga.sensors.wire.FailoverState;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Locale;
import java.util.Properties;

/** E-mail through the site's SMTP server: one plain-text message per alarm change, to every recipient. */
final class EmailChannel extends Channel {
    private final Session session;

    EmailChannel(NotificationChannel config, Delivered delivered) {
        super(config, delivered);
        Properties props = new Properties();
        props.put("mail.smtp.host", config.smtpHost());
        props.put("mail.smtp.port", Integer.toString(config.smtpPort()));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "10000");
        props.put("mail.smtp.writetimeout", "10000");
        props.put("mail.smtp.starttls.enable", Boolean.toString(config.startTls()));
        props.put("mail.smtp.starttls.required", Boolean.toString(config.startTls()));
        Authenticator auth = null;
        if (config.username() != null) {
            props.put("mail.smtp.auth", "true");
            String password = new String(readSecret(config.passwordFile()), StandardCharsets.UTF_8);
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(config.username(), password);
                }
            };
        }
        this.session = Session.getInstance(props, auth);
    }

    /** One mail per group: one event names itself in the subject; several are counted, worst severity first. */
    @Override
    void deliver(List<Notice> notices) throws Exception {
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress(config().from()));
        for (String to : config().to()) {
            mail.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        List<AlarmEvent> events = notices.stream().map(Notice::event).filter(Objects::nonNull).toList();
        List<FailoverState> failover = notices.stream().map(Notice::failover).filter(Objects::nonNull).toList();
        mail.setSubject(subject(events, failover), "UTF-8");
        StringBuilder text = new StringBuilder();
        for (FailoverState f : failover) {
            text.append("""
                    FAILOVER: %s (from %s)%s%s
                    Trigger:    %s
                    Decided by: %s
                    At:         %s
                    %s

                    """.formatted(f.state(), f.previous(), f.drc() == null ? "" : ", DRC " + f.drc(),
                    Boolean.TRUE.equals(f.drill()) ? " [DRILL: nothing was switched]" : "", f.trigger(), f.decidedBy(), f.ts(),
                    f.detail() == null ? "" : f.detail()));
        }
        for (AlarmEvent e : events) {
            text.append("""
                    %s

                    Alarm:    %s (%s on %s)
                    Severity: %s
                    State:    %s (%s)%s
                    Value:    %s
                    Since:    %s
                    At:       %s

                    """.formatted(e.message(), e.alarm(), e.type(), e.source(), e.severity(), e.state(), e.change(),
                    e.acknowledged() ? ", acknowledged by " + e.acknowledgedBy() : ", not acknowledged",
                    e.value() == null ? "-" : e.value() + (e.unit() == null ? "" : " " + e.unit()), e.since(), e.ts()));
        }
        mail.setText(text.toString(), "UTF-8");
        Transport.send(mail);
    }

    private static String subject(List<AlarmEvent> events, List<FailoverState> failover) {
        if (!failover.isEmpty()) {
            FailoverState last = failover.get(failover.size() - 1);
            return "[Jaga %s] FAILOVER %s%s%s".formatted(last.site(), last.state(), last.drc() == null ? "" : ": " + last.drc(),
                    Boolean.TRUE.equals(last.drill()) ? " (drill)" : "");
        }
        AlarmEvent first = events.get(0);
        String worst = events.stream().map(e -> Severity.valueOf(e.severity().toUpperCase(Locale.ROOT)))
                .sorted().findFirst().orElseThrow().name();
        return events.size() == 1
                ? "[Jaga %s] %s %s: %s %s".formatted(first.site(), worst, first.change(), first.source(), first.type())
                : "[Jaga %s] %d alarm changes, worst %s".formatted(first.site(), events.size(), worst);
    }
}
