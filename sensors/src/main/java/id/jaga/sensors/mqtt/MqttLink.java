package id.jaga.sensors.mqtt;

import id.jaga.config.Broker;
import id.jaga.sensors.auth.AgentKeyRing;
import id.jaga.sensors.auth.MessageAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT 5 session with the site's broker, shared by agent and controller: the broker URIs of
 * the site file tried in turn, credentials from a file, TLS for {@code ssl://} and {@code wss://}
 * (trusting the site's CA, with the broker's host name verified, optionally presenting a client
 * certificate), a retained last will, reconnection with a short jittered backoff capped at the site
 * file's {@code broker.reconnectMaxDelay} (the first connect and every reconnect alike), and hooks that run on every (re)connect so a birth message or subscriptions are always
 * renewed. An agent's session ({@link #forAgent}) logs in as the agent and authenticates every
 * message it publishes, its last will included, with the agent's key.
 */
public final class MqttLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);

    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final List<Runnable> onConnect = new CopyOnWriteArrayList<>();
    private final List<Consumer<Throwable>> onConnectFailed = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mqtt-connect");
        t.setDaemon(true);
        return t;
    });
    private volatile Consumer<Incoming> onMessage = m -> { };
    private volatile boolean closed;
    private volatile boolean everConnected;
    /** Ours, not Paho's automatic reconnect: that one has whole seconds, doubling to its cap, and no jitter. */
    private final ReconnectBackoff backoff;
    /** The agent's keys when this is an agent's session: every publish is signed with them. */
    private final AgentKeyRing signing;

    /**
     * The controller's (or a tool's) session, with the site's broker credentials. Reads the password
     * and TLS files at once, so a missing or unreadable file fails here with its setting and name, not
     * later as a connect that never succeeds.
     */
    public MqttLink(Broker broker, String clientId, Will will) {
        this(broker, clientId, will, null, null);
    }

    /**
     * The controller's session with a password it was handed instead of one read from
     * {@code broker.passwordFile}: the embedded broker's own, made at its start and held in memory only.
     */
    public static MqttLink withPassword(Broker broker, String clientId, String username, byte[] password, Will will) {
        MqttLink link = new MqttLink(broker, clientId, will, null, null);
        link.options.setUserName(username);
        link.options.setPassword(password.clone());
        return link;
    }

    /**
     * An agent's session: it logs in as {@code agent} with the password derived from its newest key
     * ({@link MessageAuth#brokerPassword}), and every message it publishes, its will included, carries
     * the agent's authentication ({@link MessageAuth}).
     */
    public static MqttLink forAgent(Broker broker, String clientId, String agent, AgentKeyRing keys, Will will) {
        return new MqttLink(broker, clientId, will, agent, keys);
    }

    private MqttLink(Broker broker, String clientId, Will will, String agent, AgentKeyRing keys) {
        this.signing = keys;
        options = new MqttConnectionOptions();
        options.setServerURIs(broker.uris().toArray(String[]::new));
        options.setAutomaticReconnect(false);
        this.backoff = new ReconnectBackoff(broker.reconnectMaxDelay());
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        options.setKeepAliveInterval(10);
        options.setConnectionTimeout(10);
        if (agent != null) {
            options.setUserName(agent);
            options.setPassword(MessageAuth.brokerPassword(keys).getBytes(StandardCharsets.US_ASCII));
        } else {
            if (broker.username() != null) {
                options.setUserName(broker.username());
            }
            if (broker.passwordFile() != null) {
                options.setPassword(readSecret(Path.of(broker.passwordFile())));
            }
        }
        if (broker.usesTls()) {
            // Trust the site's CA only, not everything the JVM trusts. Not for tcp:// or ws://: Paho
            // refuses a TLS factory there, and the site check refuses plain and TLS URIs mixed.
            options.setSocketFactory(NoDelaySockets.tls(PemTls.socketFactory(broker)));
            options.setHttpsHostnameVerificationEnabled(true);
        } else if (broker.uris().stream().allMatch(u -> u.startsWith("tcp://"))) {
            options.setSocketFactory(NoDelaySockets.plain());
        }
        if (will != null) {
            MqttMessage message = new MqttMessage(will.payload(), 1, true, properties(will.payload()));
            options.setWill(will.topic(), message);
            options.setWillMessageProperties(properties(will.payload()));
        }
        try {
            this.client = new MqttAsyncClient(broker.uris().get(0), clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("bad broker address " + broker.uris().get(0) + ": " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
    }

    /** Runs on every successful connect and reconnect, on Paho's thread: keep it short. */
    public void onConnect(Runnable hook) {
        onConnect.add(hook);
    }

    /**
     * Told of every failed attempt of the first connect: broker unreachable, TLS handshake refused
     * (unknown CA, wrong host name), credentials refused. Runs on Paho's thread: keep it short.
     */
    public void onConnectFailed(Consumer<Throwable> listener) {
        onConnectFailed.add(listener);
    }

    /**
     * Receives every message of this session's subscriptions; returning normally acknowledges it,
     * unless {@link #acknowledgeManually(int)} was called.
     */
    public void onMessage(Consumer<Incoming> handler) {
        this.onMessage = handler;
    }

    /**
     * Acknowledges nothing by itself: each message waits for {@link #acknowledge(Incoming)}, so a
     * receiver can commit many before acknowledging them. The broker sends at most
     * {@code inFlight} unacknowledged messages. Call before {@link #start()}.
     */
    public void acknowledgeManually(int inFlight) {
        client.setManualAcks(true);
        options.setReceiveMaximum(inFlight);
    }

    /** Acknowledges a message received under {@link #acknowledgeManually(int)}. */
    public void acknowledge(Incoming message) {
        if (message.qos() > 0) {
            try {
                client.messageArrivedComplete(message.id(), message.qos());
            } catch (MqttException e) {
                // The session is gone: the broker will resend the message, and the receiver knows it.
                LOG.debug("cannot acknowledge message {}: {}", message.id(), e.getMessage());
            }
        }
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        connect();
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public IMqttToken publish(String topic, byte[] payload, int qos, boolean retained) throws MqttException {
        return client.publish(topic, new MqttMessage(payload, qos, retained, properties(payload)));
    }

    /** Publishes without waiting; {@code done} hears of the broker's acknowledgement (PUBACK for QoS 1) or the failure. */
    public void publish(String topic, byte[] payload, int qos, boolean retained, MqttActionListener done) throws MqttException {
        client.publish(topic, new MqttMessage(payload, qos, retained, properties(payload)), null, done);
    }

    /** An agent's message carries its authentication; the controller's carry none (they are not agents' messages). */
    private MqttProperties properties(byte[] payload) {
        MqttProperties properties = new MqttProperties();
        if (signing != null) {
            properties.setUserProperties(List.of(new UserProperty(MessageAuth.PROPERTY, MessageAuth.sign(signing, payload))));
        }
        return properties;
    }

    /** Publishes and waits for the broker's acknowledgement (PUBACK for QoS 1). */
    public void publishAndWait(String topic, byte[] payload, int qos, boolean retained, long timeoutMs) throws MqttException {
        publish(topic, payload, qos, retained).waitForCompletion(timeoutMs);
    }

    /** Subscribes without waiting, so it is safe inside an on-connect hook. */
    public IMqttToken subscribe(String filter, int qos) throws MqttException {
        return client.subscribe(filter, qos);
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    backoff.reset();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    long delay = backoff.nextDelayMillis();
                    LOG.warn("cannot connect to broker {}: {}; retrying in {} ms", String.join(", ", options.getServerURIs()),
                            why(e), delay);
                    if (!everConnected) {
                        onConnectFailed.forEach(listener -> listener.accept(e));
                    }
                    scheduleRetry(delay);
                }
            });
        } catch (MqttException e) {
            long delay = backoff.nextDelayMillis();
            LOG.warn("connect failed: {}; retrying in {} ms", e.getMessage(), delay);
            scheduleRetry(delay);
        }
    }

    private synchronized void scheduleRetry(long delayMillis) {
        if (!closed) {
            try {
                retry.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile: nothing to reconnect
            }
        }
    }

    /** A clean disconnect: the broker does not send the will, so publish any farewell before. */
    @Override
    public void close() {
        closed = true;
        retry.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect(5_000).waitForCompletion(5_000);
            }
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("closing MQTT client: {}", e.getMessage());
        }
    }

    /** Drops the connection without a clean disconnect, so the broker sends the last will (tests, drills). */
    public void abort() {
        closed = true;
        retry.shutdownNow();
        try {
            client.disconnectForcibly(0, 1, false);
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("aborting MQTT client: {}", e.getMessage());
        }
    }

    private static String reason(MqttDisconnectResponse response) {
        if (response.getReasonString() != null) {
            return response.getReasonString();
        }
        Throwable cause = response.getException();
        return cause == null ? "reason code " + response.getReturnCode() : why(cause);
    }

    /** Why a connect failed, for the log: the broker's reason code, or the innermost cause (e.g. the TLS handshake's). */
    static String why(Throwable e) {
        Throwable root = e;
        boolean tls = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            tls |= t instanceof SSLException;
            root = t;
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (tls) {
            return "TLS handshake failed: " + message;
        }
        return e instanceof MqttException m && root == e ? message + " (reason code " + m.getReasonCode() + ")" : message;
    }

    static byte[] readSecret(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("broker.passwordFile " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read broker.passwordFile " + file + ": " + e, e);
        }
    }

    public record Will(String topic, byte[] payload) {
    }

    /**
     * A received message; {@code id} and {@code qos} are what acknowledging it needs, {@code auth} the
     * sender's {@value MessageAuth#PROPERTY} property (null when it has none).
     */
    public record Incoming(String topic, byte[] payload, boolean retained, int id, int qos, String auth) {
        public Incoming(String topic, byte[] payload, boolean retained) {
            this(topic, payload, retained, 0, 0, null);
        }

        /** The same message as received with another authentication property (tests, tools). */
        public Incoming withAuth(String property) {
            return new Incoming(topic, payload, retained, id, qos, property);
        }
    }

    private static String auth(MqttMessage message) {
        MqttProperties properties = message.getProperties();
        List<UserProperty> user = properties == null ? null : properties.getUserProperties();
        if (user != null) {
            for (UserProperty p : user) {
                if (MessageAuth.PROPERTY.equals(p.getKey())) {
                    return p.getValue();
                }
            }
        }
        return null;
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (closed) {
                return;
            }
            long delay = backoff.nextDelayMillis();
            LOG.warn("disconnected from broker: {}; reconnecting in {} ms", reason(response), delay);
            scheduleRetry(delay);
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            LOG.warn("MQTT error: {}", e.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            onMessage.accept(new Incoming(topic, message.getPayload(), message.isRetained(), message.getId(), message.getQos(),
                    auth(message)));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            LOG.info("{} broker {}", everConnected ? "reconnected to" : "connected to", serverURI);
            everConnected = true;
            backoff.reset();
            new ArrayList<>(onConnect).forEach(hook -> {
                try {
                    hook.run();
                } catch (RuntimeException e) {
                    LOG.error("on-connect hook failed", e);
                }
            });
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
