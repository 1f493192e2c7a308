package io.portcullis.menu;

import io.portcullis.accounts.AccountException;
import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.PasswordPolicy;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.host.DataDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Option 4, and the first question on a terminal when {@code admin} has no password yet (SPEC §1):
 * the password of {@code admin}, typed twice without echo and held to the {@link PasswordPolicy}.
 */
@Component
class AdminPasswordSetup {

    private final Accounts accounts;
    private final DataDirectory dataDirectory;

    AdminPasswordSetup(Accounts accounts, DataDirectory dataDirectory) {
        this.accounts = accounts;
        this.dataDirectory = dataDirectory;
    }

    boolean needed() {
        return !accounts.require(Accounts.ADMIN).hasPassword();
    }

    void run(OperatorPrompts prompts, Actor actor) {
        prompts.say("Set the password of '" + Accounts.ADMIN + "' (at least " + PasswordPolicy.MIN_LENGTH
                + " characters; it is not shown as you type; Ctrl-C leaves it unchanged).");
        String password = askTwice(prompts);
        accounts.setPassword(actor, Accounts.ADMIN, password);
        prompts.say("The password of '" + Accounts.ADMIN + "' is set.");
        forgetInitialPassword(prompts);
    }

    private static String askTwice(OperatorPrompts prompts) {
        while (true) {
            String first = prompts.secret("New password: ");
            try {
                PasswordPolicy.check(first);
            } catch (AccountException e) {
                prompts.say(e.getMessage() + "; try again.");
                continue;
            }
            String second = prompts.secret("Type it again: ");
            if (first.equals(second)) {
                return first;
            }
            prompts.say("The two passwords differ; type the same password twice.");
        }
    }

    /** SPEC §1: the generated first password is deleted once the password is changed. */
    private void forgetInitialPassword(OperatorPrompts prompts) {
        Path file = dataDirectory.initialAdminPasswordFile();
        try {
            if (Files.deleteIfExists(file)) {
                prompts.say(file + " (the generated first password) is deleted.");
            }
        } catch (IOException e) {
            prompts.say("Could not delete " + file + " (" + e.getMessage() + "); delete it by hand: it holds an"
                    + " old password.");
        }
    }
}
