package id.jaga.controller.opcua;

import id.jaga.config.ControllerSettings;
import id.jaga.config.SiteConfig;
import id.jaga.controller.access.AccessControl;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.Freshness;
import id.jaga.controller.auth.Accounts;
import id.jaga.controller.failover.Failover;
import id.jaga.controller.ingest.LatestReadings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.util.HostnameUtil;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's OPC UA server (Eclipse Milo): the site's live state for SCADA and building
 * management systems. Signed in with the controller's own accounts over Basic256Sha256
 * SignAndEncrypt; an endpoint without security and anonymous reading exist only when the site file
 * allows anonymous access (the demo). Read-only: nothing can be changed through it.
 */
public final class OpcUa implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpcUa.class);
    static final String PATH = "/jaga";
    /** How often the nodes are brought up to date with the controller's state. */
    static final long REFRESH_MILLIS = 250;

    /** What the address space shows and who may sign in. */
    public record Sources(SiteConfig site, LatestReadings latest, Freshness freshness, AlarmService alarms, Failover failover,
                          AccessControl access, Accounts accounts, Clock clock) {
    }

    private final OpcUaServer server;
    private final Pki pki;
    private final ScheduledExecutorService refresher;
    private final String endpointUrl;

    private OpcUa(OpcUaServer server, Pki pki, ScheduledExecutorService refresher, String endpointUrl) {
        this.server = server;
        this.pki = pki;
        this.refresher = refresher;
        this.endpointUrl = endpointUrl;
    }

    /** Starts the server; its certificates live in {@code dir/pki} (see docs/opcua.md). */
    public static OpcUa start(ControllerSettings.OpcUa settings, Path dir, Sources sources, String version) {
        String host = settings.host();
        // Clients are told the address they can reach: the machine's name when listening on every interface.
        String advertised = host.equals("0.0.0.0") || host.equals("::") ? HostnameUtil.getHostname() : host;
        Set<String> hostnames = new LinkedHashSet<>(List.of(advertised, "localhost"));
        if (host.equals("0.0.0.0") || host.equals("::")) {
            hostnames.addAll(HostnameUtil.getHostnames(host, false));
        }
        Pki pki;
        try {
            pki = Pki.open(dir.resolve("pki"), "urn:jaga:controller:" + sources.site().site().id(), hostnames);
        } catch (Exception e) {
            throw new IllegalStateException("OPC UA: cannot open or make its certificates under " + dir.resolve("pki") + ": " + e, e);
        }
        // The certificate made on the first start names the application; it stays valid if the site is renamed.
        String applicationUri = CertificateUtil.getSanUri(pki.certificate())
                .orElseThrow(() -> new IllegalStateException("OPC UA: the application certificate names no application URI"));

        List<IdentityValidator> validators = new ArrayList<>(List.of(new AccountsValidator(sources.accounts())));
        EndpointConfig.Builder base = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress(host)
                .setBindPort(settings.port())
                .setHostname(advertised)
                .setPath(PATH)
                .setCertificate(pki.certificate())
                // The password is encrypted with the server's certificate even on an endpoint without security.
                .addTokenPolicy(new UserTokenPolicy("username", UserTokenType.UserName, null, null,
                        SecurityPolicy.Basic256Sha256.getUri()));
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        if (settings.allowAnonymous()) {
            validators.add(AnonymousIdentityValidator.INSTANCE);
            base.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
            endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None).build());
        }
        endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                .setSecurityMode(MessageSecurityMode.SignAndEncrypt).build());

        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri(applicationUri)
                .setApplicationName(LocalizedText.english("Jaga controller (" + sources.site().site().id() + ")"))
                .setProductUri("urn:jaga:controller")
                .setBuildInfo(new BuildInfo("urn:jaga:controller", "Jaga", "Jaga controller", OpcUaServer.SDK_VERSION, version,
                        DateTime.now()))
                .setEndpoints(endpoints)
                .setCertificateManager(pki.certificates())
                .setIdentityValidator(new CompositeValidator(validators))
                .build();
        OpcUaServer server = new OpcUaServer(config,
                profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
        SiteNamespace namespace = new SiteNamespace(server, sources);
        namespace.startup();
        try {
            server.startup().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            namespace.shutdown();
            closeQuietly(pki);
            throw new IllegalStateException("OPC UA: cannot listen on " + host + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "opcua-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(() -> {
            try {
                namespace.refresh();
            } catch (RuntimeException e) {
                LOG.error("OPC UA: refreshing the address space failed", e);
            }
        }, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        String url = "opc.tcp://" + advertised + ":" + settings.port() + PATH;
        LOG.info("OPC UA server at {} (Basic256Sha256 SignAndEncrypt{})", url,
                settings.allowAnonymous() ? "; also without security and anonymous: for a demo only" : "");
        return new OpcUa(server, pki, refresher, url);
    }

    /** Where clients connect, e.g. {@code opc.tcp://127.0.0.1:4840/jaga}. */
    public String endpointUrl() {
        return endpointUrl;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        try {
            server.shutdown().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("OPC UA: while stopping: {}", e.toString());
        }
        closeQuietly(pki);
    }

    private static void closeQuietly(Pki pki) {
        try {
            pki.close();
        } catch (Exception e) {
            LOG.warn("OPC UA: while closing the trust list: {}", e.toString());
        }
    }
}
