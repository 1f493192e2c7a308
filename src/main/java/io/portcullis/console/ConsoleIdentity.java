package io.portcullis.console;

import io.portcullis.audit.AuditLog.Actor;
import java.util.Optional;

/**
 * Who is at a console: the actor the audit log records, the account whose group membership decides the
 * role (empty for the local console, which has full rights), and whether the console runs over SSH.
 */
record ConsoleIdentity(Actor actor, Optional<String> account, boolean overSsh) {

    static ConsoleIdentity sshAccount(Actor actor, String username) {
        return new ConsoleIdentity(actor, Optional.of(username), true);
    }

    static ConsoleIdentity fullAdministrator(Actor actor) {
        return new ConsoleIdentity(actor, Optional.empty(), false);
    }

    String describe() {
        return actor.name() + "@" + actor.address();
    }
}
