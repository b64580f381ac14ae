package id.jaga.controller.broker;

import id.jaga.config.SiteConfig;
import id.jaga.controller.ingest.IngestQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A Mosquitto 2.0 setup for a site ({@code jaga broker-config}): {@code mosquitto.conf},
 * {@code passwd} (every agent and the controller, and the NOC user if the site has one, hashed as
 * mosquitto_passwd does) and {@code acl} (rendered from {@link BrokerAcl}, the rules the embedded
 * broker enforces too).
 */
public final class MosquittoConfig {
    public static final String CONF = "mosquitto.conf";
    public static final String PASSWD = "passwd";
    public static final String ACL = "acl";

    private final SiteConfig site;
    private final BrokerAcl acl;
    private final BrokerLogins logins;

    private MosquittoConfig(SiteConfig site, BrokerAcl acl, BrokerLogins logins) {
        this.site = site;
        this.acl = acl;
        this.logins = logins;
    }

    /** Reads every key and password file now: a missing one is a {@link BrokerLogins.LoginException} naming it. */
    public static MosquittoConfig forSite(SiteConfig site) {
        return new MosquittoConfig(site, BrokerAcl.forSite(site), BrokerLogins.forSite(site, null));
    }

    /**
     * Writes the three files into {@code out}; the configuration names the password and ACL files
     * where they are written and keeps its persistence database in {@code persistenceDir}.
     * Returns the files written.
     */
    public List<Path> write(Path out, Path persistenceDir) {
        try {
            Files.createDirectories(out);
            Path dir = out.toAbsolutePath().normalize();
            Path passwd = dir.resolve(PASSWD);
            Path aclFile = dir.resolve(ACL);
            Path conf = dir.resolve(CONF);
            writePrivate(passwd, passwd());
            writePrivate(aclFile, acl());
            writePrivate(conf, conf(passwd, aclFile, persistenceDir.toAbsolutePath().normalize()));
            return List.of(conf, passwd, aclFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker configuration in " + out + ": " + e.getMessage(), e);
        }
    }

    /** The password file: {@code user:$7$...}, one line a user. */
    String passwd() {
        StringBuilder b = new StringBuilder();
        for (String user : logins.users()) {
            b.append(user).append(':').append(MosquittoPasswords.hash(logins.password(user))).append('\n');
        }
        return b.toString();
    }

    /** The ACL file: a {@code user} block per user; nothing before the first, so anonymous clients get nothing. */
    String acl() {
        StringBuilder b = new StringBuilder("""
                # Written by jaga broker-config from the site file; the embedded broker enforces the same rules.
                # An agent writes only its own topics, the controller alone writes commands, allow-lists and
                # what the NOC hears, and a user not listed here may do nothing.
                """);
        for (String user : acl.users()) {
            b.append("\nuser ").append(user).append('\n');
            for (BrokerAcl.Grant g : acl.grants(user)) {
                b.append("topic ").append(g.access() == BrokerAcl.Access.READ ? "read" : "write").append(' ')
                        .append(g.filter()).append('\n');
            }
        }
        return b.toString();
    }

    String conf(Path passwd, Path aclFile, Path persistenceDir) {
        URI uri = URI.create(site.broker().uris().get(0));
        String scheme = uri.getScheme();
        boolean tls = scheme.equals("ssl") || scheme.equals("wss");
        boolean websockets = scheme.equals("ws") || scheme.equals("wss");
        int port = uri.getPort() > 0 ? uri.getPort() : defaultPort(scheme);
        StringBuilder b = new StringBuilder();
        b.append("# Mosquitto 2.0 for site ").append(site.site().id()).append(", written by jaga broker-config.\n")
                .append("# The files below must be readable by the user mosquitto runs as (Debian: mosquitto);\n")
                .append("# keep them mode 0600, e.g. chown mosquitto: ").append(passwd).append(' ').append(aclFile).append("\n\n");
        b.append("""
                # One set of users and rules for every listener.
                per_listener_settings false
                allow_anonymous false
                password_file %s
                acl_file %s

                # Messages queued for an offline client (the controller restarting) survive a broker restart.
                persistence true
                persistence_location %s/
                # No limit on a client's queue: Mosquitto's default of 1000 per offline client silently dropped
                # 4 %% of the readings while the controller restarted for 5 s at 5,000 readings/s.
                max_queued_messages 0
                # The controller takes up to %d unacknowledged messages (its receive maximum) and acknowledges
                # them after its database commit; the default of 20 would hold it to 20 per commit.
                max_inflight_messages %d
                # QoS 0 is not used; do not queue it.
                queue_qos0_messages false
                """.formatted(passwd, aclFile, persistenceDir, IngestQueue.CAPACITY, IngestQueue.CAPACITY));
        b.append('\n');
        if (site.broker().uris().size() > 1) {
            b.append("# The site names ").append(site.broker().uris().size())
                    .append(" broker addresses; this listener is the first's. Give each broker its own port here.\n");
        }
        b.append("listener ").append(port).append(loopback(uri.getHost()) ? " " + uri.getHost() : "").append('\n');
        if (websockets) {
            b.append("protocol websockets\n");
        }
        // Paho's MQTT 5 client can send an alias the broker never saw under load, which ends the connection.
        b.append("max_topic_alias 0\n");
        if (tls) {
            b.append("""
                    # TLS: replace these with the broker's files. The certificate must name the host the site file
                    # uses (%s) and chain to the CA in the site's broker.caFile.
                    cafile /etc/mosquitto/certs/ca.pem
                    certfile /etc/mosquitto/certs/broker.pem
                    keyfile /etc/mosquitto/certs/broker.key
                    """.formatted(uri.getHost()));
        }
        return b.toString();
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "ssl" -> 8883;
            case "ws" -> 80;
            case "wss" -> 443;
            default -> 1883;
        };
    }

    /** A listener for a loopback address stays on it; any other host: every interface. */
    private static boolean loopback(String host) {
        try {
            return host != null && !host.isEmpty() && Character.isDigit(host.charAt(0)) && InetAddress.getByName(host).isLoopbackAddress()
                    || "localhost".equals(host);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Written owner-only from the start, then moved in place: no moment in which another user could read a secret. */
    private static void writePrivate(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: as private as its folder
            }
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
