package id.jaga.sensors.mqtt;

import id.jaga.config.Broker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS side of an MQTT link, built from the site file's PEM files with the JDK alone (the
 * formats Mosquitto and openssl use, so no keytool conversion step for the operator). Error
 * messages name the setting and the file, never the file's content.
 */
final class PemTls {
    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";
    /** The key stores below live only in memory; their password protects nothing. */
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private PemTls() {
    }

    /**
     * Trusts only the CAs of {@code caFile} (the JDK's when there is none: a URI given on the command
     * line); presents the client certificate when one is configured.
     */
    static SSLSocketFactory socketFactory(Broker broker) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(broker), trustManagers(broker.caFile()), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the broker: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(String caFile) throws GeneralSecurityException {
        if (caFile == null) {
            return null;
        }
        KeyStore store = emptyStore();
        List<Certificate> cas = certificates("broker.caFile", caFile);
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyManager[] keyManagers(Broker broker) throws GeneralSecurityException {
        if (broker.clientCertFile() == null && broker.clientKeyFile() == null) {
            return null;
        }
        if (broker.clientCertFile() == null || broker.clientKeyFile() == null) {
            throw new IllegalArgumentException("broker.clientCertFile and broker.clientKeyFile go together: give both or neither");
        }
        PrivateKey key = privateKey(broker.clientKeyFile());
        List<Certificate> chain = certificates("broker.clientCertFile", broker.clientCertFile());
        KeyStore store = emptyStore();
        store.setKeyEntry("client", key, IN_MEMORY, chain.toArray(Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY);
        return factory.getKeyManagers();
    }

    private static List<Certificate> certificates(String key, String file) {
        try {
            List<Certificate> certs = new ArrayList<>(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(read(key, file))));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(key + " " + file + ": no PEM certificate in it");
            }
            return certs;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(key + " " + file + ": not a PEM or DER certificate (" + e.getMessage() + ")", e);
        }
    }

    /** An unencrypted PKCS#8 key ("BEGIN PRIVATE KEY"), RSA, EC or EdDSA: the key type is tried in turn. */
    static PrivateKey privateKey(String file) {
        String pem = new String(read("broker.clientKeyFile", file), StandardCharsets.ISO_8859_1);
        int begin = pem.indexOf(KEY_BEGIN);
        int end = pem.indexOf(KEY_END);
        if (begin < 0 || end < begin) {
            String found = pem.contains("ENCRYPTED PRIVATE KEY") ? "an encrypted key"
                    : pem.contains("RSA PRIVATE KEY") || pem.contains("EC PRIVATE KEY") ? "a PKCS#1/SEC1 key" : "no private key";
            throw new IllegalArgumentException("broker.clientKeyFile " + file + ": " + found + "; expected an unencrypted"
                    + " PKCS#8 PEM key (BEGIN PRIVATE KEY), e.g. openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8,"
                    + " protected by the file's permissions");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + KEY_BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broker.clientKeyFile " + file + ": the PEM block is not valid base64", e);
        }
        for (String algorithm : List.of("RSA", "EC", "EdDSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this key type; try the next
            }
        }
        throw new IllegalArgumentException("broker.clientKeyFile " + file + ": not an RSA, EC or EdDSA private key");
    }

    private static byte[] read(String key, String file) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(key + " " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + " " + file + ": " + e, e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // no stream is read
        }
        return store;
    }
}
