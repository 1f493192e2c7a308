package io.portcullis.accounts;

import java.util.List;
import java.util.Optional;

/**
 * The options of {@code accounts users add|edit} (SPEC §10): each field empty when not given.
 * {@code password} is plain text only on its way to the hasher; {@link #toString()} masks it.
 */
public record UserChanges(
        Optional<String> fullName,
        Optional<Integer> uid,
        Optional<String> group,
        Optional<List<String>> groups,
        Optional<String> home,
        Optional<String> homeMode,
        Optional<String> shell,
        Optional<String> password,
        Optional<Boolean> passwordDisabled,
        Optional<String> email) {

    public static final UserChanges NONE = new UserChanges(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public UserChanges withShell(String value) {
        return new UserChanges(fullName, uid, group, groups, home, homeMode, Optional.of(value), password,
                passwordDisabled, email);
    }

    public UserChanges withGroups(List<String> value) {
        return new UserChanges(fullName, uid, group, Optional.of(value), home, homeMode, shell, password,
                passwordDisabled, email);
    }

    public UserChanges withPassword(String value) {
        return new UserChanges(fullName, uid, group, groups, home, homeMode, shell, Optional.of(value),
                passwordDisabled, email);
    }

    /** What changed, for the audit log: field names and values, the password masked. */
    public String describe() {
        var parts = new java.util.ArrayList<String>();
        fullName.ifPresent(v -> parts.add("full-name=" + v));
        uid.ifPresent(v -> parts.add("uid=" + v));
        group.ifPresent(v -> parts.add("group=" + v));
        groups.ifPresent(v -> parts.add("groups=" + String.join(",", v)));
        home.ifPresent(v -> parts.add("home=" + v));
        homeMode.ifPresent(v -> parts.add("home-mode=" + v));
        shell.ifPresent(v -> parts.add("shell=" + v));
        password.ifPresent(v -> parts.add("password=********"));
        passwordDisabled.ifPresent(v -> parts.add("password-disabled=" + v));
        email.ifPresent(v -> parts.add("email=" + v));
        return String.join(" ", parts);
    }

    @Override
    public String toString() {
        return "UserChanges[" + describe() + "]";
    }
}
