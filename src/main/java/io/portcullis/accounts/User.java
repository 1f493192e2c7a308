package io.portcullis.accounts;

import java.util.List;
import java.util.Optional;

/**
 * An account as stored (SPEC §4), or as the directory gave it ({@link Source#DIRECTORY}: no row, no
 * password hash, its password checked by the directory). {@code home} is as configured: a relative path
 * lies under the data directory. The password hash never leaves the accounts and ssh packages'
 * authentication code.
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
        boolean builtin,
        Source source) {

    /** Where an account comes from: the appliance's database, or the LDAP directory (issue 18). */
    public enum Source {
        LOCAL, DIRECTORY;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A local account, as the store has it. */
    public User(long id, String username, String fullName, int uid, Group primaryGroup, List<Group> auxiliaryGroups,
                String home, String homeMode, String shell, Optional<String> passwordHash, boolean passwordDisabled,
                boolean locked, String email, boolean builtin) {
        this(id, username, fullName, uid, primaryGroup, auxiliaryGroups, home, homeMode, shell, passwordHash,
                passwordDisabled, locked, email, builtin, Source.LOCAL);
    }

    public boolean fromDirectory() {
        return source == Source.DIRECTORY;
    }

    public boolean hasPassword() {
        return passwordHash.isPresent();
    }

    /** Primary group first, then the auxiliary ones. */
    public boolean isMemberOf(String groupName) {
        return primaryGroup.name().equals(groupName)
                || auxiliaryGroups.stream().anyMatch(g -> g.name().equals(groupName));
    }
}
