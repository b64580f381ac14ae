package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A broker beyond this host is reached over TLS with a login, unless the site file says otherwise and why. */
class SecureByDefaultTest {
    private final SiteLoader loader = new SiteLoader();

    private List<String> errors(String broker) {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("site.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                broker:
                """ + broker));
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    private SiteConfig accepted(String broker) {
        return loader.parse("site.yaml", """
                site: {id: s}
                rooms: [{id: r}]
                broker:
                """ + broker);
    }

    @Test
    void plainMqttToAnotherHostIsRefused() {
        assertEquals(List.of("site.yaml:4:10: broker.uris[0]: 'tcp://10.20.0.5:1883' leaves this host unencrypted: use ssl://"
                + " with broker.caFile, or say insecure: true with an insecureReason"), errors("  uris: [tcp://10.20.0.5:1883]\n"));
    }

    @Test
    void tlsWithoutALoginIsRefused() {
        assertEquals(List.of("site.yaml:4:10: broker.uris[0]: 'ssl://mqtt.kominfo.local:8883' leaves this host without credentials:"
                        + " set broker.username and broker.passwordFile (or a client certificate), or say insecure: true with an insecureReason"),
                errors("  uris: [ssl://mqtt.kominfo.local:8883]\n  caFile: /etc/jaga/ca.pem\n"));
    }

    @Test
    void anEmbeddedBrokerListeningBeyondLoopbackIsRefused() {
        assertEquals(List.of("site.yaml:5:14: broker.embedded.host: '0.0.0.0': the embedded broker has no TLS listener, so it"
                + " listens on loopback only; agents on other hosts need a broker of their own with TLS (or say insecure: true"
                + " with an insecureReason)"), errors("  uris: [tcp://127.0.0.1:1884]\n  embedded: {host: 0.0.0.0, port: 1884}\n"));
    }

    @Test
    void loopbackNeedsNeitherAndTlsWithALoginIsEnough() {
        accepted("  uris: [tcp://127.0.0.1:1883, tcp://localhost:1884, 'tcp://[::1]:1885']\n");
        accepted("  uris: [ssl://mqtt.kominfo.local:8883]\n  caFile: /etc/jaga/ca.pem\n  username: jaga-controller\n"
                + "  passwordFile: /etc/jaga/mqtt.password\n");
    }

    @Test
    void insecureIsAcceptedOnlyWithAReason() {
        SiteConfig site = accepted("  uris: [tcp://10.20.0.5:1883]\n  insecure: true\n  insecureReason: isolated lab VLAN\n");
        assertTrue(site.broker().acceptedInsecure());
        assertEquals("isolated lab VLAN", site.broker().insecureReason());

        assertEquals(List.of("site.yaml:5:3: broker.insecure: insecure: true needs a reason, e.g. insecureReason: \"isolated"
                + " lab VLAN\""), errors("  uris: [tcp://10.20.0.5:1883]\n  insecure: true\n"));
    }
}
