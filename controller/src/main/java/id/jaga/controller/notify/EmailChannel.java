package id.jaga.controller.notify;

import id.jaga.config.NotificationChannel;
import id.jaga.sensors.wire.AlarmEvent;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/** E-mail through the site's SMTP server: one plain-text message per alarm change, to every recipient. */
final class EmailChannel extends Channel {
    private final Session session;

    EmailChannel(NotificationChannel config) {
        super(config);
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

    @Override
    void deliver(AlarmEvent e) throws Exception {
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress(config().from()));
        for (String to : config().to()) {
            mail.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        mail.setSubject("[Jaga %s] %s %s: %s %s".formatted(e.site(), e.severity().toUpperCase(Locale.ROOT), e.change(),
                e.source(), e.type()), "UTF-8");
        mail.setText("""
                %s

                Alarm:    %s (%s on %s)
                Severity: %s
                State:    %s (%s)
                Value:    %s
                Since:    %s
                At:       %s
                """.formatted(e.message(), e.alarm(), e.type(), e.source(), e.severity(), e.state(), e.change(),
                e.value() == null ? "-" : e.value(), e.since(), e.ts()), "UTF-8");
        Transport.send(mail);
    }
}
