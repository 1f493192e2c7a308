package io.portcullis.console;

import io.portcullis.accounts.AccountRules;
import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.Group;
import io.portcullis.accounts.User;
import io.portcullis.accounts.UserChanges;
import io.portcullis.accounts.UserKey;
import io.portcullis.directory.DirectoryException;
import io.portcullis.directory.DirectoryUsers;
import io.portcullis.host.RefusedException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** {@code accounts users} (SPEC §4): list, show, add, edit, delete, passwd, lock, unlock. */
@Component
class UserCommands implements CommandSet {

    static final Argument NAME = Argument.of("NAME", "the username");
    private static final Argument NEW_NAME = Argument.of("NAME", "1 to 32 of a-z 0-9 . _ -, starting with a letter"
            + " or _");
    private static final Option<String> FULL_NAME = Option.text("full-name", "S", "full name");
    private static final Option<Integer> UID = Option.number("uid", "N", "user id in accounts.id-range (default"
            + " 20000-59999), not used by the host");
    private static final Option<String> GROUP = Option.text("group", "G", "primary group (an existing group)");
    private static final Option<List<String>> GROUPS = Option.names("groups", "G,G", "auxiliary groups; '' for"
            + " none");
    private static final Option<String> HOME = Option.text("home", "DIR", "home directory; relative paths lie under"
            + " the data directory");
    private static final Option<String> HOME_MODE = Option.text("home-mode", "MODE", "mode of the home directory,"
            + " three octal digits like 700");
    private static final Option<String> SHELL = Option.text("shell", "SHELL", "console, scponly, nologin or a login"
            + " shell from /etc/shells");
    private static final Option<String> PASSWORD = Option.secret("password", "S", "password; never echoed, logged"
            + " or kept in history");
    private static final Option<Boolean> PASSWORD_DISABLED = Option.bool("password-disabled", "refuse password"
            + " logins of this user (keys still work)");
    private static final Option<String> EMAIL = Option.text("email", "S", "email address; '' for none");
    private static final Option<Boolean> DELETE_HOME = Option.flag("delete-home", "delete the home directory too");
    private static final Option<Boolean> KEEP_HOME = Option.flag("keep-home", "keep the home directory");
    private static final Option<String> NEW_PASSWORD = Option.secret("password", "S", "the new password (asked twice"
            + " when left out)");

    /** How many directory users a listing shows at most: the directory may have 100,000. */
    static final int DIRECTORY_LIST_LIMIT = 1000;
    private static final Option<String> SOURCE = Option.choice("source", "local|directory", "only the local"
            + " accounts, or only the directory's", List.of("local", "directory"));

    private final Accounts accounts;
    private final DirectoryUsers directory;

    UserCommands(Accounts accounts, DirectoryUsers directory) {
        this.accounts = accounts;
        this.directory = directory;
    }

    ValueSource usernames() {
        return ValueSource.live(() -> accounts.users().stream().map(User::username).toList());
    }

    ValueSource groupNames() {
        return ValueSource.live(() -> accounts.groups().stream().map(Group::name).toList());
    }

    @Override
    public List<ConsoleCommand> commands() {
        return List.of(
                ConsoleCommand.reading("accounts users list", "the users with uid, primary group, shell, state and"
                        + " where each comes from")
                        .options(Option.JSON, SOURCE)
                        .details("Directory users are listed as the directory has them now, at most "
                                + DIRECTORY_LIST_LIMIT + "; their shells are those of their last login (groups are read"
                                + " when they log in). A local account of the same name wins over a directory user.")
                        .does(this::list),
                ConsoleCommand.reading("accounts users show", "every field of one user, and its keys")
                        .argument(NAME, usernames()).options(Option.JSON).does(this::show),
                userOptions(ConsoleCommand.changing("accounts users add", "add a user; its home directory is created")
                        .argument(NEW_NAME))
                        .details("Defaults: the next free uid of accounts.id-range (portcullis.conf, default"
                                + " 20000-59999) that the host does not use, a new group named after the user, home"
                                + " DATA_DIR/home/NAME with mode 700, shell scponly, no password.")
                        .does(this::add),
                userOptions(ConsoleCommand.changing("accounts users edit", "change fields of a user; options left out"
                        + " keep their value").argument(NAME, usernames())).does(this::edit),
                ConsoleCommand.changing("accounts users delete", "delete a user, and its home directory if you say so")
                        .argument(NAME, usernames())
                        .options(DELETE_HOME, KEEP_HOME)
                        .details("Without --delete-home or --keep-home the console asks; exec mode needs one of them.")
                        .does(this::delete),
                ConsoleCommand.changing("accounts users passwd", "set a user's password")
                        .argument(NAME, usernames())
                        .options(NEW_PASSWORD)
                        .details("In exec mode without --password the password is the first line of standard input.")
                        .does(this::passwd),
                ConsoleCommand.changing("accounts users lock", "refuse every login of a user")
                        .argument(NAME, usernames()).does(in -> setLocked(in, true)),
                ConsoleCommand.changing("accounts users unlock", "allow a locked user to log in again")
                        .argument(NAME, usernames()).does(in -> setLocked(in, false)));
    }

    /** The fields of a user, which add and edit both take. */
    private ConsoleCommand.Builder userOptions(ConsoleCommand.Builder command) {
        return command.options(FULL_NAME, UID)
                .option(GROUP, groupNames())
                .option(GROUPS, groupNames())
                .options(HOME, HOME_MODE)
                .option(SHELL, ValueSource.live(() -> accounts.shells().choices()))
                .options(PASSWORD, PASSWORD_DISABLED, EMAIL);
    }

    private static UserChanges changes(Invocation in) {
        return new UserChanges(in.get(FULL_NAME), in.get(UID), in.get(GROUP), in.get(GROUPS), in.get(HOME),
                in.get(HOME_MODE), in.get(SHELL), in.get(PASSWORD), in.get(PASSWORD_DISABLED), in.get(EMAIL));
    }

    private void list(Invocation in) {
        Optional<String> source = in.get(SOURCE);
        List<User> users = source.filter(s -> s.equals("directory")).isPresent() ? List.of() : accounts.users();
        DirectoryUsers.Listing listing = new DirectoryUsers.Listing(List.of(), Optional.empty());
        String unanswered = null;
        if (!source.filter(s -> s.equals("local")).isPresent() && directory.configured()) {
            try {
                listing = directory.list(DIRECTORY_LIST_LIMIT);
            } catch (DirectoryException e) {
                if (source.isPresent()) {
                    throw new RefusedException("the directory's users cannot be listed: " + e.getMessage());
                }
                unanswered = e.getMessage();
            }
        } else if (source.filter(s -> s.equals("directory")).isPresent()) {
            throw new RefusedException("no directory is configured: ldap.url and the other ldap.* lines of"
                    + " portcullis.conf name one (docs/directory.md)");
        }
        if (in.json()) {
            List<Map<String, Object>> rows = new java.util.ArrayList<>(users.stream().map(this::summary).toList());
            listing.rows().forEach(r -> rows.add(summary(r)));
            in.printJson(rows);
            return;
        }
        TextTable table = new TextTable("USERNAME", "UID", "GROUP", "SHELL", "LOCKED", "SOURCE", "FULL NAME");
        users.forEach(u -> table.row(u.username(), u.uid(), u.primaryGroup().name(), u.shell(),
                TextTable.yesNo(u.locked()), u.source().word(), TextTable.orDash(u.fullName())));
        for (DirectoryUsers.Listed r : listing.rows()) {
            Optional<User> shown = directory.cached(r.username()).or(r::user);
            table.row(AccountRules.printable(r.username()), shown.map(u -> (Object) u.uid()).orElse("-"),
                    shown.map(u -> u.primaryGroup().name()).orElse("-"),
                    r.hidden() ? "(local wins)" : r.refusal().isPresent() ? "(refused)"
                            : directory.cached(r.username()).map(User::shell).orElse("(at login)"),
                    "-", "directory", TextTable.orDash(shown.map(User::fullName).orElse("")));
        }
        table.print(in.out());
        listing.more().ifPresent(why -> in.out().println(why + "; 'accounts users show NAME' shows any of them"));
        listing.rows().stream().filter(r -> r.refusal().isPresent() && !r.hidden())
                .forEach(r -> in.out().println("refused: " + r.refusal().get()));
        if (unanswered != null) {
            in.out().println("directory users not listed: " + unanswered);
        }
    }

    private Map<String, Object> summary(DirectoryUsers.Listed r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", AccountRules.printable(r.username()));
        r.user().ifPresent(u -> {
            m.put("fullName", u.fullName());
            m.put("uid", u.uid());
            m.put("gid", u.primaryGroup().gid());
        });
        directory.cached(r.username()).ifPresent(u -> m.put("shell", u.shell()));
        m.put("source", User.Source.DIRECTORY.word());
        m.put("dn", r.dn());
        m.put("hiddenByLocalAccount", r.hidden());
        r.refusal().ifPresent(reason -> m.put("refused", reason));
        return m;
    }

    private Map<String, Object> summary(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", u.username());
        m.put("fullName", u.fullName());
        m.put("uid", u.uid());
        m.put("group", u.primaryGroup().name());
        m.put("groups", u.auxiliaryGroups().stream().map(Group::name).toList());
        m.put("shell", u.shell());
        m.put("passwordSet", u.hasPassword());
        m.put("passwordDisabled", u.passwordDisabled());
        m.put("locked", u.locked());
        m.put("builtin", u.builtin());
        m.put("source", u.source().word());
        return m;
    }

    private void show(Invocation in) {
        directory.lookUpAndWait(in.get(NAME));
        User user = accounts.require(in.get(NAME));
        Path home = accounts.homeOf(user);
        List<UserKey> keys = accounts.keys(user.username());
        if (in.json()) {
            Map<String, Object> m = summary(user);
            m.put("home", home.toString());
            m.put("homeMode", user.homeMode());
            m.put("email", user.email());
            m.put("keys", keys.stream().map(UserKeyCommands::json).toList());
            in.printJson(m);
            return;
        }
        TextTable table = new TextTable("FIELD", "VALUE");
        table.row("username", user.username())
                .row("full name", TextTable.orDash(user.fullName()))
                .row("uid", user.uid())
                .row("primary group", user.primaryGroup().name())
                .row("groups", TextTable.orDash(String.join(",", user.auxiliaryGroups().stream().map(Group::name).toList())))
                .row("home", home + " (mode " + user.homeMode() + ")")
                .row("shell", user.shell())
                .row("password", user.fromDirectory() ? "the directory's (LDAP bind)" : user.passwordDisabled()
                        ? "disabled" : user.hasPassword() ? "set" : "not set")
                .row("locked", TextTable.yesNo(user.locked()))
                .row("email", TextTable.orDash(user.email()))
                .row("builtin", TextTable.yesNo(user.builtin()))
                .row("source", user.fromDirectory() ? "directory" + directory.failure().map(f -> " (as last cached: " + f
                        + ")").orElse("")
                        : "local" + (directory.configured() ? " (wins over a directory user of that name)" : ""))
                .row("keys", keys.size() + (keys.isEmpty() ? "" : " ('accounts users keys list " + user.username() + "')"));
        table.print(in.out());
    }

    private void add(Invocation in) {
        User user = accounts.add(in.actor(), in.get(NEW_NAME), changes(in));
        in.out().println("user '" + user.username() + "' added: uid " + user.uid() + ", group "
                + user.primaryGroup().name() + ", home " + accounts.homeOf(user) + ", shell " + user.shell());
    }

    private void edit(Invocation in) {
        UserChanges changes = changes(in);
        if (changes.describe().isEmpty()) {
            throw new UsageException("nothing to change; give at least one option ('accounts users edit --help')");
        }
        User user = accounts.edit(in.actor(), in.get(NAME), changes);
        in.out().println("user '" + user.username() + "' changed: " + changes.describe());
    }

    private void delete(Invocation in) {
        String name = in.get(NAME);
        boolean deleteHome = in.has(DELETE_HOME);
        if (deleteHome && in.has(KEEP_HOME)) {
            throw new UsageException("give --delete-home or --keep-home, not both");
        }
        User user = accounts.require(name);
        Path home = accounts.homeOf(user);
        if (!deleteHome && !in.has(KEEP_HOME)) {
            if (!in.ask().canAsk()) {
                throw new UsageException("say what happens to " + home + ": add --delete-home or --keep-home");
            }
            deleteHome = in.ask().yes("Delete the home directory " + home + " too?");
        }
        accounts.delete(in.actor(), name, deleteHome);
        in.out().println("user '" + name + "' deleted; home " + home + (deleteHome ? " deleted" : " kept"));
    }

    private void passwd(Invocation in) {
        String name = in.get(NAME);
        accounts.require(name);
        Optional<String> given = in.get(NEW_PASSWORD);
        String password = given.isPresent() ? given.get() : in.ask().newPassword(name);
        accounts.setPassword(in.actor(), name, password);
        in.out().println("password of '" + name + "' changed");
    }

    private void setLocked(Invocation in, boolean locked) {
        String name = in.get(NAME);
        accounts.setLocked(in.actor(), name, locked);
        in.out().println("user '" + name + "' " + (locked ? "locked: every login is refused" : "unlocked"));
    }
}
