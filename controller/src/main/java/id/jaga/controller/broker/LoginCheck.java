package id.jaga.controller.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The embedded broker's login check: a known user with its password (agents, controller, NOC user of
 * {@link BrokerLogins}), or, only when the broker listens on loopback, an anonymous client, which
 * {@link TopicGuard} lets read what the NOC reads and nothing else. The user name that logged in is
 * kept with the connection for {@link TopicGuard}.
 */
final class LoginCheck implements SimpleAuthenticator {
    /** The connection attribute holding the user name a client logged in with; absent for an anonymous one. */
    static final String USER = "jaga.user";

    private final BrokerLogins logins;
    private final boolean anonymousReaders;
    private final Refusals refusals;

    LoginCheck(BrokerLogins logins, boolean anonymousReaders, Refusals refusals) {
        this.logins = logins;
        this.anonymousReaders = anonymousReaders;
        this.refusals = refusals;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        String client = "client " + connect.getClientId();
        Optional<String> user = connect.getUserName();
        Optional<ByteBuffer> password = connect.getPassword();
        if (user.isEmpty()) {
            if (password.isEmpty() && anonymousReaders) {
                output.authenticateSuccessfully();
                return;
            }
            String why = password.isPresent() ? "a password without a user name"
                    : "an anonymous client on a listener that is not loopback";
            refusals.refused(Refusals.Kind.CONNECT, why, client);
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "not authorized");
            return;
        }
        if (logins.accepts(user.get(), password.map(LoginCheck::bytes).orElse(null))) {
            input.getConnectionInformation().getConnectionAttributeStore().putAsString(USER, user.get());
            output.authenticateSuccessfully();
            return;
        }
        // A known user's name bounds the causes; unknown names, which anyone can vary, share one.
        String why = logins.users().contains(user.get()) ? "wrong password for user " + user.get() : "unknown user";
        refusals.refused(Refusals.Kind.CONNECT, why, client + ", user " + user.get());
        output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
