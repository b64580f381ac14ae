package id.jaga.controller.broker;

import id.jaga.config.Agent;
import id.jaga.config.SiteConfig;
import id.jaga.sensors.auth.AgentKeyRing;
import id.jaga.sensors.auth.MessageAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The passwords the broker accepts, one per user: each agent's derived from its newest message key
 * ({@link MessageAuth#brokerPassword}), the controller's and the NOC's read from their password
 * files. Every file is read at once, so a missing or bad one stops the caller with the setting and
 * the file named. Passwords never appear in a message or {@link #toString()}.
 */
public final class BrokerLogins {
    /** How often a failed agent login may make its key file be read again. */
    static final Duration RELOAD_EVERY = Duration.ofSeconds(10);

    private final List<String> users;
    /** Concurrent: the embedded broker checks logins on several threads and replaces a rotated agent's. */
    private final Map<String, byte[]> passwords;
    private final Map<String, Path> keyFiles;
    private final Map<String, Long> lastReload = new ConcurrentHashMap<>();

    private BrokerLogins(Map<String, byte[]> passwords, Map<String, Path> keyFiles) {
        this.users = List.copyOf(passwords.keySet());
        this.passwords = new ConcurrentHashMap<>(passwords);
        this.keyFiles = Map.copyOf(keyFiles);
    }

    /**
     * The logins of the site's agents, controller and NOC user. {@code controllerPassword} is used
     * when the site file has no {@code broker.passwordFile} (the embedded broker's own, made at
     * start); null makes that a {@link LoginException}.
     */
    public static BrokerLogins forSite(SiteConfig site, byte[] controllerPassword) {
        Map<String, byte[]> passwords = new LinkedHashMap<>();
        Map<String, Path> keyFiles = new LinkedHashMap<>();
        List<Agent> agents = site.agents();
        for (int i = 0; i < agents.size(); i++) {
            Agent agent = agents.get(i);
            String field = "agents[" + i + "].keyFile";
            if (agent.keyFile() == null) {
                throw new LoginException(field + ": not set for agent " + agent.id() + "; its broker password derives"
                        + " from its key (make one with ./jaga keys new --site SITE.yaml --agent " + agent.id() + ")");
            }
            Path file = Path.of(agent.keyFile());
            passwords.put(agent.id(), agentPassword(field, file));
            keyFiles.put(agent.id(), file);
        }
        String controller = BrokerAcl.controllerUser(site);
        if (site.broker().passwordFile() != null) {
            passwords.put(controller, secret("broker.passwordFile", Path.of(site.broker().passwordFile())));
        } else if (controllerPassword != null) {
            passwords.put(controller, controllerPassword.clone());
        } else {
            throw new LoginException("broker.passwordFile: not set; the broker needs the controller's password"
                    + " (with broker.username)");
        }
        if (site.broker().nocUsername() != null) {
            passwords.put(site.broker().nocUsername(), secret("broker.nocPasswordFile", Path.of(site.broker().nocPasswordFile())));
        }
        return new BrokerLogins(passwords, keyFiles);
    }

    /** Users in the order agents, controller, NOC. */
    public List<String> users() {
        return users;
    }

    /**
     * True when {@code password} is the user's. An agent whose password does not match has its key
     * file read again (at most every {@link #RELOAD_EVERY}): after a key rotation the agent logs in
     * with its new key's password without a broker restart.
     */
    public boolean accepts(String user, byte[] password) {
        byte[] expected = passwords.get(user);
        if (expected == null || password == null) {
            return false;
        }
        if (MessageDigest.isEqual(expected, password)) {
            return true;
        }
        Path keyFile = keyFiles.get(user);
        if (keyFile == null || !reloadDue(user)) {
            return false;
        }
        try {
            byte[] fresh = agentPassword("key file", keyFile);
            passwords.put(user, fresh);
            return MessageDigest.isEqual(fresh, password);
        } catch (LoginException e) {
            return false; // the file broke since the start: the agent keeps its old password
        }
    }

    private boolean reloadDue(String user) {
        long now = System.nanoTime();
        Long last = lastReload.get(user);
        if (last != null && now - last < RELOAD_EVERY.toNanos()) {
            return false;
        }
        lastReload.put(user, now);
        return true;
    }

    /** The password of a user, for writing the broker's password file. */
    byte[] password(String user) {
        return passwords.get(user).clone();
    }

    private static byte[] agentPassword(String field, Path file) {
        try {
            return MessageAuth.brokerPassword(AgentKeyRing.read(file)).getBytes(StandardCharsets.US_ASCII);
        } catch (AgentKeyRing.KeyFileException e) {
            throw new LoginException(field + ": " + e.getMessage());
        }
    }

    /** A password file as the MQTT session reads it: the whole file, surrounding white space removed. */
    private static byte[] secret(String field, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new LoginException(field + ": " + file + " does not exist");
        } catch (IOException e) {
            throw new LoginException(field + ": " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (text.isEmpty()) {
            throw new LoginException(field + ": " + file + " is empty");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "BrokerLogins" + users;
    }

    /** A login that cannot be set up; the message names the setting and file, never a secret. */
    public static final class LoginException extends IllegalArgumentException {
        public LoginException(String message) {
            super(message);
        }
    }
}
