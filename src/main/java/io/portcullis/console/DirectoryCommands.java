package io.portcullis.console;

import io.portcullis.audit.AuditLog;
import io.portcullis.directory.DirectoryUsers;
import io.portcullis.host.RefusedException;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code accounts directory} (issue 18): what an administrator does about the directory's users. */
@Component
class DirectoryCommands implements CommandSet {

    private final DirectoryUsers directory;
    private final AuditLog audit;

    DirectoryCommands(DirectoryUsers directory, AuditLog audit) {
        this.directory = directory;
        this.audit = audit;
    }

    @Override
    public List<ConsoleCommand> commands() {
        return List.of(ConsoleCommand.changing("accounts directory refresh", "look every directory user up again at"
                        + " its next login, instead of when its cache entry expires")
                .details("A user removed or disabled in the directory then loses access at its next login. Cached users"
                        + " are kept until the directory answers for them, so that while it does not answer their key"
                        + " logins go on.")
                .does(this::refresh));
    }

    private void refresh(Invocation in) {
        if (!directory.configured()) {
            throw new RefusedException("no directory is configured: ldap.url and the other ldap.* lines of"
                    + " portcullis.conf name one (docs/directory.md)");
        }
        int n = directory.refresh();
        audit.change(in.actor(), "accounts directory refresh", n + " cached entries to look up again");
        in.out().println("directory cache: " + n + (n == 1 ? " entry" : " entries") + " will be looked up again at"
                + " the next login" + directory.failure().map(f -> "; the directory does not answer now (" + f
                + "), so cached users keep logging in with keys until it does").orElse(""));
    }
}
