package id.jaga.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Throwaway certificate authorities and certificates for one test class, made with the openssl
 * command line as an operator would make them: PEM certificates and unencrypted PKCS#8 keys.
 * Nothing is committed. EC keys, because they are made in milliseconds.
 */
final class TestPki {
    private final Path dir;
    private final Path openssl;

    TestPki(Path dir) {
        this.dir = dir;
        this.openssl = Stream.of(System.getenv("PATH").split(":"), new String[] {"/usr/bin"}).flatMap(Stream::of)
                .map(p -> Path.of(p, "openssl")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "openssl is not installed: './jaga test' installs it (Debian package openssl)"));
    }

    /** A new CA ({@code name}.pem, {@code name}.key); returns its certificate. */
    Path ca(String name) throws IOException, InterruptedException {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".pem", "-subj", "/CN=Jaga test CA " + name, "-days", "2",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return dir.resolve(name + ".pem");
    }

    /**
     * A key ({@code name}.key) and its certificate ({@code name}.pem) signed by CA {@code ca}, for
     * {@code cn} and the subject alternative names {@code san} (e.g. {@code IP:127.0.0.1,DNS:localhost};
     * null for none).
     */
    Issued issue(String ca, String name, String cn, String san) throws IOException, InterruptedException {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn);
        List<String> sign = new ArrayList<>(List.of("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem",
                "-CAkey", ca + ".key", "-CAcreateserial", "-out", name + ".pem", "-days", "2"));
        if (san != null) {
            Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + san + "\n");
            sign.addAll(List.of("-extfile", name + ".ext"));
        }
        openssl(sign.toArray(String[]::new));
        return new Issued(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(openssl.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }

    record Issued(Path cert, Path key) {
    }
}
