package id.jaga.controller.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.auth.SecurityRegistry;

/**
 * The embedded broker's logins and topic rules, as an extension built into the process: the same
 * rules ({@link BrokerAcl}) that {@code jaga broker-config} writes for Mosquitto.
 */
final class AccessExtension implements ExtensionMain {
    private final LoginCheck logins;
    private final TopicGuard guard;

    AccessExtension(BrokerAcl acl, BrokerLogins logins, boolean anonymousReaders, Refusals refusals) {
        this.logins = new LoginCheck(logins, anonymousReaders, refusals);
        this.guard = new TopicGuard(acl, refusals);
    }

    EmbeddedExtension embedded() {
        return EmbeddedExtension.builder()
                .withId("jaga-access")
                .withName("Jaga logins and topic rules")
                .withVersion("1")
                .withPriority(1000)
                .withStartPriority(1000)
                .withExtensionMain(this)
                .build();
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        SecurityRegistry security = Services.securityRegistry();
        security.setAuthenticatorProvider(in -> logins);
        security.setAuthorizerProvider(in -> guard);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // the broker drops the providers with the extension
    }
}
