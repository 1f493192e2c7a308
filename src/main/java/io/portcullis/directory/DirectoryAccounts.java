package io.portcullis.directory;

import io.portcullis.accounts.AccountException;
import io.portcullis.accounts.AccountRules;
import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.Group;
import io.portcullis.accounts.LoginShells;
import io.portcullis.accounts.User;
import io.portcullis.audit.LogText;
import io.portcullis.conf.ApplianceConf;
import io.portcullis.host.HostAccounts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A directory entry made an account, or refused with the reason (for the log). Its ids are the directory's
 * and must be its own: not 0 (root's), not a local account's or group's, not the host's (asked of NSS, which
 * also knows the local accounts Portcullis publishes). A directory group that has a local group's name or
 * gid is left out, so that no directory group can stand for {@code admins}: roles come only from the
 * mapping in portcullis.conf. Its home is {@code DATA_DIR/home/NAME}, as a local account's would be.
 */
final class DirectoryAccounts {

    /** Refused: the reason, escaped, naming the user. */
    record Outcome(Optional<User> user, Optional<String> refusal, List<String> problems) {
    }

    private final ApplianceConf.Directory conf;
    private final Accounts accounts;
    private final HostAccounts host;
    private final LoginShells shells;

    DirectoryAccounts(ApplianceConf.Directory conf, Accounts accounts, HostAccounts host, LoginShells shells) {
        this.conf = conf;
        this.accounts = accounts;
        this.host = host;
        this.shells = shells;
    }

    Outcome account(UserEntry entry, Optional<String> primaryGroupName) {
        List<String> problems = new ArrayList<>(entry.problems());
        String name = entry.username();
        try {
            AccountRules.checkUsername(name);
        } catch (AccountException e) {
            return refused("the directory entry " + LogText.escape(entry.dn()) + " is refused: its "
                    + conf.attributes().username() + " '" + LogText.escape(name) + "' is not a usable username (1 to 32"
                    + " of a-z 0-9 . _ -, starting with a letter or _)", problems);
        }
        String who = "the directory user " + name + " (" + LogText.escape(entry.dn()) + ")";
        if (entry.uidNumber().isEmpty() || entry.gidNumber().isEmpty()) {
            return refused(who + " is refused: it has no numeric " + (entry.uidNumber().isEmpty()
                    ? conf.attributes().uidNumber() : conf.attributes().gidNumber()), problems);
        }
        long uid = entry.uidNumber().get();
        long gid = entry.gidNumber().get();
        Optional<String> idProblem = idRefusal("uid", uid).or(() -> idRefusal("gid", gid));
        if (idProblem.isPresent()) {
            return refused(who + " is refused: " + idProblem.get(), problems);
        }
        Optional<String> uidOwner = accounts.users().stream().filter(u -> u.uid() == uid).map(User::username)
                .findFirst().map(n -> "the local account " + n).or(() -> host.userWithUid((int) uid)
                        .map(n -> "the host's user " + LogText.escape(n)));
        if (uidOwner.isPresent()) {
            return refused(who + " is refused: its uid " + uid + " is also " + uidOwner.get()
                    + "; give it another uidNumber in the directory", problems);
        }
        Optional<String> gidOwner = gidOwner(gid);
        if (gidOwner.isPresent()) {
            return refused(who + " is refused: its gid " + gid + " is also " + gidOwner.get()
                    + "; give it another gidNumber in the directory", problems);
        }
        Path home = accounts.homeOf(provisional(name));
        Optional<String> homeOwner = accounts.users().stream().filter(u -> accounts.homeOf(u).equals(home))
                .map(User::username).findFirst();
        if (homeOwner.isPresent()) {
            return refused(who + " is refused: its home " + home + " is the local account " + homeOwner.get() + "'s",
                    problems);
        }

        List<String> groupNames = entry.groups().stream().map(UserEntry.DirectoryGroup::name).toList();
        List<Group> aux = new ArrayList<>();
        for (UserEntry.DirectoryGroup g : entry.groups()) {
            if (g.gid().isEmpty() || g.gid().get() == gid) {
                continue;
            }
            Optional<String> clash = accounts.findGroup(g.name()).map(l -> "a local group has its name")
                    .or(() -> idRefusal("gid", g.gid().get()))
                    .or(() -> gidOwner(g.gid().get()));
            if (clash.isPresent()) {
                problems.add("directory group " + LogText.escape(g.name()) + " (gid " + g.gid().get() + ") left out: "
                        + clash.get());
                continue;
            }
            aux.add(new Group(0, (int) (long) g.gid().get(), LogText.escape(g.name()), false));
        }
        String primaryName = primaryGroupName.filter(n -> accounts.findGroup(n).isEmpty()).map(LogText::escape)
                .orElse(Long.toString(gid));
        String shell = LoginShells.NOLOGIN;
        ApplianceConf.Directory.Shells mapping = conf.shells();
        if (memberOfAny(groupNames, mapping.adminsGroups())) {
            shell = LoginShells.CONSOLE;
            accounts.findGroup(Accounts.ADMINS).ifPresent(aux::add);
        } else if (memberOfAny(groupNames, mapping.readonlyAdminsGroups())) {
            shell = LoginShells.CONSOLE;
            accounts.findGroup(Accounts.READONLY_ADMINS).ifPresent(aux::add);
        } else if (memberOfAny(groupNames, mapping.scponlyGroups())) {
            shell = LoginShells.SCPONLY;
        } else if (mapping.loginShellAttribute() && entry.loginShell().isPresent()) {
            String given = entry.loginShell().get().strip();
            if (!given.equals(LoginShells.CONSOLE) && shells.isValid(given)) {
                shell = given;
            } else {
                problems.add(conf.attributes().loginShell() + " '" + LogText.escape(given) + "' is not a shell listed"
                        + " in /etc/shells; nologin");
            }
        }
        User user = new User(0, name, entry.fullName(), (int) uid, new Group(0, (int) gid, primaryName, false),
                List.copyOf(aux), "home/" + name, "700", shell, Optional.empty(), false, false, "", false,
                User.Source.DIRECTORY);
        return new Outcome(Optional.of(user), Optional.empty(), problems);
    }

    private static boolean memberOfAny(List<String> groups, List<String> mapped) {
        return groups.stream().anyMatch(mapped::contains);
    }

    /** 0 is root's, and ids must fit what the kernel takes (and not be -1, which means none to it). */
    private static Optional<String> idRefusal(String kind, long id) {
        if (id == 0) {
            return Optional.of(kind + "Number 0 is root's");
        }
        if (id < 1 || id > AccountRules.MAX_ID) {
            return Optional.of(kind + "Number " + id + " is outside 1-" + AccountRules.MAX_ID);
        }
        return Optional.empty();
    }

    private Optional<String> gidOwner(long gid) {
        return accounts.groups().stream().filter(g -> g.gid() == gid).map(Group::name).findFirst()
                .map(n -> "the local group " + n).or(() -> host.groupWithGid((int) gid)
                        .map(n -> "the host's group " + LogText.escape(n)));
    }

    /** Only for where its home would be. */
    private static User provisional(String name) {
        return new User(0, name, "", 0, new Group(0, 0, name, false), List.of(), "home/" + name, "700",
                LoginShells.NOLOGIN, Optional.empty(), false, false, "", false, User.Source.DIRECTORY);
    }

    private static Outcome refused(String reason, List<String> problems) {
        return new Outcome(Optional.empty(), Optional.of(reason), problems);
    }
}
