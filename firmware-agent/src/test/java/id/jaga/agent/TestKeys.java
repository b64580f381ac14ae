package id.jaga.agent;

import id.jaga.config.SiteConfig;
import id.jaga.sensors.auth.AgentKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** A test site whose agents have message keys, as {@code ./jaga keys new} gives them. */
final class TestKeys {
    private TestKeys() {
    }

    static SiteConfig withKeys(SiteConfig site) {
        try {
            return AgentKeys.provision(site, Files.createTempDirectory("agent-keys"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
