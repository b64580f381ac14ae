package id.jaga.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The controller's OPC UA server in the site file: off and closed unless said otherwise. */
class OpcUaConfigTest {
    private final SiteLoader loader = new SiteLoader();

    @Test
    void offByDefaultAndWithoutAnonymousAccessWhenOn() {
        assertFalse(loader.parse("none.yaml", "site: {id: s}\nrooms: [{id: r}]\n").controller().opcua().enabled());
        ControllerSettings.OpcUa on = loader.parse("on.yaml", """
                site: {id: s}
                controller: {opcua: {enabled: true}}
                rooms: [{id: r}]
                """).controller().opcua();
        assertTrue(on.enabled());
        assertEquals("127.0.0.1", on.host());
        assertEquals(4840, on.port());
        assertFalse(on.allowAnonymous());
    }

    @Test
    void aBadPortOrKeyIsReportedWhereItIs() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("bad.yaml", """
                site: {id: s}
                controller:
                  opcua: {enabled: true, port: 70000, anonymous: true}
                rooms: [{id: r}]
                """));
        List<String> lines = e.errors().stream().map(ConfigError::toString).toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("bad.yaml:3:") && l.contains("controller.opcua.port: 70000 is not a TCP port")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("bad.yaml:3:") && l.contains("controller.opcua.anonymous: unknown key")
                && l.contains("allowAnonymous")), lines.toString());
    }
}
