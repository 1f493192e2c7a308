package io.portcullis.console;

import io.portcullis.audit.AuditLog.Actor;
import java.util.Optional;

/**
 * Who is at a console: the actor the audit log records, the account whose group membership decides the
 * role (empty for the local console, which has full rights), whether the console runs over SSH, and the id
 * of its SSH session ({@code ssh sessions list}), so that killing one's own session can be asked about.
 */
record ConsoleIdentity(Actor actor, Optional<String> account, boolean overSsh, Optional<Long> sshSessionId) {

    static ConsoleIdentity sshAccount(Actor actor, String username, long sshSessionId) {
        return new ConsoleIdentity(actor, Optional.of(username), true, Optional.of(sshSessionId));
    }

    static ConsoleIdentity fullAdministrator(Actor actor) {
        return new ConsoleIdentity(actor, Optional.empty(), false, Optional.empty());
    }

    String describe() {
        return actor.name() + "@" + actor.address();
    }
}
