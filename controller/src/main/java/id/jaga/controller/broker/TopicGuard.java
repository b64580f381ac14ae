package id.jaga.controller.broker;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import java.util.List;

/**
 * The embedded broker's topic rules, from {@link BrokerAcl}: every publish (a last will included)
 * and every subscription of a client is checked against the rules of the user it logged in as; an
 * anonymous client has the NOC's read-only rules. A refused QoS 1 publish is answered with reason
 * code 135 (not authorized), a refused subscription likewise.
 */
final class TopicGuard implements PublishAuthorizer, SubscriptionAuthorizer {
    private final BrokerAcl acl;
    private final Refusals refusals;

    TopicGuard(BrokerAcl acl, Refusals refusals) {
        this.acl = acl;
        this.refusals = refusals;
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        String topic = input.getPublishPacket().getTopic();
        String user = user(input);
        if (BrokerAcl.mayPublish(grants(user), topic)) {
            output.authorizeSuccessfully();
            return;
        }
        refusals.refused(Refusals.Kind.PUBLISH, who(user) + " publishing outside its topics", topic);
        output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "not authorized");
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String filter = input.getSubscription().getTopicFilter();
        String user = user(input);
        if (BrokerAcl.maySubscribe(grants(user), filter)) {
            output.authorizeSuccessfully();
            return;
        }
        refusals.refused(Refusals.Kind.SUBSCRIBE, who(user) + " subscribing outside its topics", filter);
        output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "not authorized");
    }

    /** The user a client logged in as; null for an anonymous one. */
    private static String user(ClientBasedInput input) {
        return input.getConnectionInformation().getConnectionAttributeStore().getAsString(LoginCheck.USER).orElse(null);
    }

    private List<BrokerAcl.Grant> grants(String user) {
        return user == null ? acl.nocGrants() : acl.grants(user);
    }

    private static String who(String user) {
        return user == null ? "anonymous client" : "user " + user;
    }
}
