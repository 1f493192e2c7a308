package io.portcullis.ssh;

import io.portcullis.accounts.User;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Every kind of {@link AccountShell}; the one that handles an account's configured shell, read when asked. */
@Component
public class AccountShells {

    private final List<AccountShell> shells;

    public AccountShells(List<AccountShell> shells) {
        this.shells = shells;
    }

    /** The kind of the account's shell now; empty for a shell this appliance no longer has. */
    public Optional<AccountShell> of(User user) {
        return shells.stream().filter(s -> s.handles(user.shell())).findFirst();
    }
}
