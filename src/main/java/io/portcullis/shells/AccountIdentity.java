package io.portcullis.shells;

import io.portcullis.accounts.Group;
import io.portcullis.accounts.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs a login shell as the account: when the appliance is root, the command is wrapped in util-linux's
 * {@code setpriv} with the account's uid, primary gid and group list (accounts live in the appliance's
 * database, not /etc/passwd, so the groups are given, not looked up); capabilities go with the uid.
 * Otherwise the shell runs as the appliance's own user, as {@code services list} says.
 */
final class AccountIdentity {

    private static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));

    private AccountIdentity() {
    }

    static List<String> command(User user, List<String> argv, boolean applianceIsRoot, Optional<Path> setpriv) {
        if (!applianceIsRoot || user.uid() == 0) {
            return List.copyOf(argv);
        }
        Path tool = setpriv.orElseThrow(() -> new IllegalStateException("setpriv (util-linux) is not installed;"
                + " the appliance needs it to run login shells as their accounts: install util-linux"));
        Set<Integer> groups = new LinkedHashSet<>();
        groups.add(user.primaryGroup().gid());
        user.auxiliaryGroups().stream().map(Group::gid).forEach(groups::add);
        List<String> command = new ArrayList<>(List.of(tool.toString(),
                "--reuid=" + user.uid(),
                "--regid=" + user.primaryGroup().gid(),
                "--groups=" + groups.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "--"));
        command.addAll(argv);
        return command;
    }

    static Optional<Path> setpriv() {
        return SETPRIV.stream().filter(Files::isExecutable).findFirst();
    }
}
