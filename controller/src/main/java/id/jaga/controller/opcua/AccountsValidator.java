package id.jaga.controller.opcua;

import id.jaga.controller.auth.AccountException;
import id.jaga.controller.auth.Accounts;
import id.jaga.controller.auth.Permission;
import id.jaga.controller.auth.User;
import java.sql.SQLException;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.AbstractUsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.DefaultUsernameIdentity;
import org.eclipse.milo.opcua.sdk.server.identity.Identity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OPC UA user names and passwords checked against the controller's own accounts, with the same
 * bcrypt hashes and guessing limits as the REST API. Anyone who may view (every role) may read; a
 * user whose one-time password is still unchanged must first change it in the console.
 */
final class AccountsValidator extends AbstractUsernameIdentityValidator {
    private static final Logger LOG = LoggerFactory.getLogger(AccountsValidator.class);

    private final Accounts accounts;

    AccountsValidator(Accounts accounts) {
        this.accounts = accounts;
    }

    /** Null refuses the session (Bad_UserAccessDenied). */
    @Override
    protected Identity.UsernameIdentity authenticateUsernamePassword(Session session, String name, String password) {
        String from = "opc-ua " + (session.getClientAddress() == null ? "?" : session.getClientAddress().getHostAddress());
        try {
            User user = accounts.check(name, password, from);
            if (user.mustChangePassword() || !user.may(Permission.VIEW)) {
                LOG.warn("OPC UA session of '{}' from {} refused: {}", name, from,
                        user.mustChangePassword() ? "the one-time password must be changed first" : "no permission to view");
                return null;
            }
            LOG.info("'{}' opened an OPC UA session from {}", name, from);
            return new DefaultUsernameIdentity(name);
        } catch (AccountException e) {
            return null; // counted and logged by Accounts
        } catch (SQLException e) {
            LOG.error("OPC UA sign-in of '{}' refused: the accounts cannot be read ({})", name, e.getMessage());
            return null;
        }
    }
}
