package io.portcullis.shells;

import io.portcullis.accounts.LoginShells;
import org.springframework.stereotype.Component;

/**
 * The {@code scponly} shell: SFTP and scp only, both served in-process (scp requests are checked by
 * {@link io.portcullis.files.ScponlyCommandFilter} and never reach this class). Interactive logins and
 * every other command are refused with exit 1, and no program is ever started for the account.
 */
@Component
public class ScponlyShell extends RestrictedShell {

    public static final String MESSAGE = "This account is restricted to scp and sftp.";

    public ScponlyShell() {
        super(LoginShells.SCPONLY, MESSAGE);
    }
}
