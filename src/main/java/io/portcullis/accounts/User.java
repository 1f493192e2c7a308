package io.portcullis.accounts;

import java.util.List;
import java.util.Optional;

/**
 * An account as stored (SPEC §4). {@code home} is as configured: a relative path lies under the
 * data directory. The password hash never leaves the accounts and ssh packages' authentication code.
 */
public record User(
        long id,
        String username,
        String fullName,
        int uid,
        Group primaryGroup,
        List<Group> auxiliaryGroups,
        String home,
        String homeMode,
        String shell,
        Optional<String> passwordHash,
        boolean passwordDisabled,
        boolean locked,
        String email,
        boolean builtin) {

    public boolean hasPassword() {
        return passwordHash.isPresent();
    }

    /** Primary group first, then the auxiliary ones. */
    public boolean isMemberOf(String groupName) {
        return primaryGroup.name().equals(groupName)
                || auxiliaryGroups.stream().anyMatch(g -> g.name().equals(groupName));
    }
}
