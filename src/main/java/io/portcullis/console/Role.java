package io.portcullis.console;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.User;
import java.util.Optional;

/** What a console user may do (SPEC §4): everything, only list/show/help, or nothing. */
enum Role {
    ADMINISTRATOR, READ_ONLY, NONE;

    /**
     * The role of an account as stored now, so a change of membership applies to the next command; a
     * missing or locked account may do nothing.
     */
    static Role of(Optional<User> account) {
        if (account.isEmpty() || account.get().locked()) {
            return NONE;
        }
        User user = account.get();
        if (user.isMemberOf(Accounts.ADMINS)) {
            return ADMINISTRATOR;
        }
        return user.isMemberOf(Accounts.READONLY_ADMINS) ? READ_ONLY : NONE;
    }

    boolean mayRun(ConsoleCommand command) {
        return this == ADMINISTRATOR || this == READ_ONLY && !command.changes();
    }
}
