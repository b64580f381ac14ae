package id.jaga.controller.opcua;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.KeyStoreCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OPC UA server's certificates, under the controller's data folder: its own self-signed
 * application certificate, made on the first start and kept in {@code own/}; the client
 * certificates it trusts in {@code trusted/certs/} (watched, so a copied file counts at once); and
 * those it refused in {@code rejected/}, from where an administrator moves a client's certificate
 * to {@code trusted/certs/} to let that client in.
 */
final class Pki implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pki.class);
    /** The key store's own password protects nothing the folder's permissions do not: only this user may read it. */
    private static final char[] KEY_STORE_PASSWORD = "jaga-opcua".toCharArray();

    private final FileBasedTrustListManager trustList;
    private final CertificateManager certificates;
    private final X509Certificate certificate;

    private Pki(FileBasedTrustListManager trustList, CertificateManager certificates, X509Certificate certificate) {
        this.trustList = trustList;
        this.certificates = certificates;
        this.certificate = certificate;
    }

    /** Opens the folder, making the application certificate for {@code applicationUri} and {@code hostnames} if there is none. */
    static Pki open(Path dir, String applicationUri, Set<String> hostnames) throws Exception {
        Path own = Files.createDirectories(dir.resolve("own"));
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwx------"));
        FileBasedTrustListManager trustList = FileBasedTrustListManager.createAndInitialize(dir);
        var rejected = FileBasedCertificateQuarantine.create(dir.resolve("rejected"));
        var store = KeyStoreCertificateStore.createAndInitialize(new KeyStoreCertificateStore.Settings(
                own.resolve("application.pfx"), () -> KEY_STORE_PASSWORD, alias -> KEY_STORE_PASSWORD));
        var group = DefaultApplicationGroup.createAndInitialize(trustList, store, new SelfSigned(applicationUri, hostnames),
                new DefaultServerCertificateValidator(trustList, rejected));
        X509Certificate certificate = group.getCertificateChain(NodeIds.RsaSha256ApplicationCertificateType)
                .orElseThrow(() -> new IOException("no application certificate in " + own))[0];
        return new Pki(trustList, new DefaultCertificateManager(rejected, group), certificate);
    }

    CertificateManager certificates() {
        return certificates;
    }

    X509Certificate certificate() {
        return certificate;
    }

    @Override
    public void close() throws IOException {
        trustList.close();
    }

    /** A self-signed RSA/SHA-256 certificate, valid for ten years, naming the application and the hosts it is reached by. */
    private static final class SelfSigned extends RsaSha256CertificateFactory {
        private final String applicationUri;
        private final Set<String> hostnames;

        SelfSigned(String applicationUri, Set<String> hostnames) {
            this.applicationUri = applicationUri;
            this.hostnames = hostnames;
        }

        @Override
        protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keys) throws Exception {
            var builder = new SelfSignedCertificateBuilder(keys)
                    .setCommonName("Jaga controller")
                    .setOrganization("Jaga")
                    .setApplicationUri(applicationUri)
                    .setValidityPeriod(Period.ofYears(10));
            for (String host : hostnames) {
                if (host.matches("[0-9.]+|.*:.*")) {
                    builder.addIpAddress(InetAddress.getByName(host).getHostAddress());
                } else {
                    builder.addDnsName(host);
                }
            }
            LOG.info("OPC UA: made a self-signed application certificate for {} ({})", applicationUri, hostnames);
            return new X509Certificate[] {builder.build()};
        }
    }
}
