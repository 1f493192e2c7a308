package io.portcullis.ssh;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.LoginShells;
import io.portcullis.accounts.User;
import java.util.Optional;

/**
 * Who may log in, and how (SPEC §3 and §4). Pure: given the account and the saved settings, the
 * reason a login is refused, or empty when it is allowed. Changes apply to the next login.
 */
public final class LoginPolicy {

    private LoginPolicy() {
    }

    /** Refusals common to every method. */
    public static Optional<String> refuseAccount(User user) {
        if (user.locked()) {
            return Optional.of("account locked");
        }
        if (user.shell().equals(LoginShells.CONSOLE)
                && !user.isMemberOf(Accounts.ADMINS) && !user.isMemberOf(Accounts.READONLY_ADMINS)) {
            return Optional.of("console shell without membership of admins or readonly-admins");
        }
        return Optional.empty();
    }

    public static Optional<String> refusePassword(User user, SshSettings settings) {
        Optional<String> account = refuseAccount(user);
        if (account.isPresent()) {
            return account;
        }
        if (!settings.passwordAuth()) {
            return Optional.of("password authentication is off");
        }
        boolean root = user.username().equals(Accounts.ROOT);
        if (root && !settings.rootLoginWithPassword()) {
            return Optional.of("root may log in by key only");
        }
        if (user.passwordDisabled()) {
            return Optional.of("password disabled for this account");
        }
        if (!user.hasPassword()) {
            return Optional.of("no password set");
        }
        if (!root && !settings.passwordLoginGroups().isEmpty()
                && settings.passwordLoginGroups().stream().noneMatch(user::isMemberOf)) {
            return Optional.of("not a member of the password login groups");
        }
        return Optional.empty();
    }
}
