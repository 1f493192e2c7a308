package io.portcullis.accounts;

import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.conf.CurrentConf;
import io.portcullis.host.DataDirectory;
import io.portcullis.host.HostAccounts;
import io.portcullis.store.GroupRepository.StoredGroup;
import io.portcullis.store.GroupRepository;
import io.portcullis.store.UserRepository.StoredUser;
import io.portcullis.store.UserRepository.UserFields;
import io.portcullis.store.UserRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Users, groups and keys (SPEC §4): every change validated first, saved in one transaction with its
 * home directory, and audited with the acting administrator. Console and local menu both come here.
 */
@Service
public class Accounts {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    public static final String ROOT = "root";
    public static final String ADMIN = "admin";
    public static final String ADMINS = "admins";
    public static final String READONLY_ADMINS = "readonly-admins";
    /** New users get the most restricted shell that is still useful; administrators choose others. */
    public static final String DEFAULT_SHELL = LoginShells.SCPONLY;

    private final UserRepository users;
    private final GroupRepository groups;
    private final PasswordHasher hasher;
    private final HomeDirectories homes;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final LoginShells shells;
    private final DataDirectory dataDirectory;
    private final HostAccounts host;
    private final AccountIds ids;
    private final HostConflicts conflicts;
    private final SystemdUserRecords records;
    /** The directory, when portcullis.conf names one; looked up when used, since it reads the local accounts. */
    private final ObjectProvider<DirectorySource> directory;

    public Accounts(UserRepository users, GroupRepository groups, PasswordHasher hasher, HomeDirectories homes,
                    AuditLog audit, TransactionTemplate tx, DataDirectory dataDirectory, HostAccounts host,
                    CurrentConf conf, HostConflicts conflicts, SystemdUserRecords records,
                    ObjectProvider<DirectorySource> directory) {
        this.directory = directory;
        this.host = host;
        // the id range is read for each new account (a reload may change it); existing accounts keep their ids
        this.ids = new AccountIds(() -> conf.get().accounts().idRange(), host);
        this.conflicts = conflicts;
        this.records = records;
        this.users = users;
        this.groups = groups;
        this.hasher = hasher;
        this.homes = homes;
        this.audit = audit;
        this.tx = tx;
        this.shells = LoginShells.system();
        this.dataDirectory = dataDirectory;
    }

    public LoginShells shells() {
        return shells;
    }

    // ---- the store's rows as accounts -----------------------------------------------------------

    private List<User> allUsers() {
        return users.findAll().stream().map(Accounts::user).toList();
    }

    private List<Group> allGroups() {
        return groups.findAll().stream().map(Accounts::group).toList();
    }

    private Optional<Group> groupNamed(String name) {
        return groups.findByName(name).map(Accounts::group);
    }

    private List<UserKey> keysOf(long userId) {
        return users.keys(userId).stream().map(k -> new UserKey(k.id(), k.keyType(), k.publicKey(), k.comment(),
                k.fingerprint(), k.addedAt())).toList();
    }

    private static Group group(StoredGroup g) {
        return new Group(g.id(), g.gid(), g.name(), g.builtin());
    }

    private static User user(StoredUser u) {
        return new User(u.id(), u.username(), u.fullName(), u.uid(), group(u.primaryGroup()),
                u.auxiliaryGroups().stream().map(Accounts::group).toList(), u.home(), u.homeMode(), u.shell(),
                u.passwordHash(), u.passwordDisabled(), u.locked(), u.email(), u.builtin());
    }

    // ---- users -------------------------------------------------------------------------------

    /** The local accounts; the directory's are listed by the directory package (there may be 100,000). */
    public List<User> users() {
        return allUsers();
    }

    /** The local account, else the directory's as last looked up: a local account of the same name wins. */
    public Optional<User> find(String username) {
        if (username == null) {
            return Optional.empty();
        }
        Optional<User> local = findLocal(username);
        if (local.isPresent()) {
            return local;
        }
        DirectorySource source = directory.getIfAvailable();
        return source == null ? Optional.empty() : source.cached(username);
    }

    public Optional<User> findLocal(String username) {
        return username == null ? Optional.empty() : users.findByUsername(username).map(Accounts::user);
    }

    /**
     * A local account, for what changes one: a directory user is changed in the directory, and the change
     * applies at its next login after the cache (or 'accounts directory refresh').
     */
    private User requireLocal(String username) {
        Optional<User> user = find(username);
        if (user.isPresent() && user.get().fromDirectory()) {
            throw new AccountException("'" + AccountRules.printable(username) + "' comes from the directory: change it"
                    + " there; 'accounts directory refresh' applies the change at its next login");
        }
        return require(username);
    }

    public User require(String username) {
        return find(username).orElseThrow(() -> new AccountException("no user named '" + AccountRules.printable(username)
                + "'; 'accounts users list' shows the users"));
    }

    public List<UserKey> keys(String username) {
        User user = require(username);
        return user.fromDirectory() ? directory.getObject().keys(username) : keysOf(user.id());
    }

    /**
     * The public keys a user may log in with from the database, or a directory user's from the directory:
     * only the "type base64" part of each.
     */
    public List<String> publicKeys(String username) {
        Optional<User> user = find(username);
        if (user.isPresent() && user.get().fromDirectory()) {
            return directory.getObject().keys(username).stream().map(UserKey::publicKey).toList();
        }
        return users.publicKeys(username);
    }

    /**
     * The keys in the account's own files ({@code entries}: AuthorizedKeysFile), read safely (see
     * {@link AuthorizedKeysFile}); the appliance's own user may own them too when it is not root.
     */
    public List<AuthorizedKeysFile.Reading> homeKeys(User user, List<String> entries) {
        java.nio.file.Path home = homes.pathOf(user);
        return entries.stream().map(entry -> AuthorizedKeysFile.read(AuthorizedKeysFile.expand(entry, home,
                user.username()), home, user.uid(), java.util.Set.of((int) io.portcullis.host.ProcessIdentity.uid())))
                .toList();
    }

    public java.nio.file.Path homeOf(User user) {
        return homes.pathOf(user);
    }

    /**
     * A directory user's home, made at its first login with the rules of local homes (mode, owner); a
     * later login finds it there and leaves its mode as the user set it.
     */
    public void createDirectoryHome(User user) {
        if (user.fromDirectory() && !java.nio.file.Files.isDirectory(homes.pathOf(user),
                java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                homes.create(user);
                log.info("accounts: home {} made for the directory user {}", homes.pathOf(user), user.username());
            } catch (AccountException e) {
                log.warn("accounts: directory user {}: {}", user.username(), e.getMessage());
            }
        }
    }

    public User add(Actor actor, String username, UserChanges c) {
        AccountRules.checkUsername(username);
        // a directory user of this name may exist: the local account will win over it, as documented
        if (findLocal(username).isPresent()) {
            throw new AccountException("username '" + username + "' is taken; choose another name");
        }
        if (groupNamed(username).isPresent() && c.group().isEmpty()) {
            throw new AccountException("a group named '" + username + "' exists already; give --group to use an"
                    + " existing primary group, or choose another username");
        }
        checkNameFreeOnHost("user", username, host::uidOfUser);
        if (c.group().isEmpty()) {
            checkNameFreeOnHost("group", username, host::gidOfGroup);
        }
        String fullName = c.fullName().orElse("");
        AccountRules.checkFullName(fullName);
        String email = c.email().orElse("");
        AccountRules.checkEmail(email);
        String home = c.home().orElse("home/" + username);
        AccountRules.checkHome(home);
        String mode = c.homeMode().orElse("700");
        AccountRules.checkHomeMode(mode);
        String shell = c.shell().orElse(DEFAULT_SHELL);
        AccountRules.checkShell(shells, shell);
        Optional<String> hash = c.password().map(p -> {
            PasswordPolicy.check(p);
            return hasher.hash(p);
        });
        List<Group> aux = resolveGroups(c.groups().orElse(List.of()));
        c.uid().ifPresent(uid -> ids.checkUid(uid, users::usernameWithUid));
        Optional<Group> primary = c.group().map(this::requireGroup);
        checkConsoleMembership(username, shell, primary.map(Group::name).orElse(username), aux);

        User created = tx.execute(status -> {
            int uid = c.uid().orElseGet(() -> ids.nextUid(users::usernameWithUid));
            Group primaryGroup = primary.orElseGet(() ->
                    group(groups.insert(ids.nextGid(uid, groups::nameWithGid), username)));
            users.insert(new UserFields(username, fullName, uid, primaryGroup.id(), aux.stream().map(Group::id).toList(),
                    home, mode, shell, hash, c.passwordDisabled().orElse(false), false, email));
            User user = require(username);
            homes.create(user);
            return user;
        });
        audit.change(actor, "accounts users add " + username, c.describe());
        publishToHost();
        return created;
    }

    public User edit(Actor actor, String username, UserChanges c) {
        User user = requireLocal(username);
        // root is the host's root by design; admin's uid may move, e.g. off an id the host has taken
        if (user.username().equals(ROOT) && c.uid().isPresent() && c.uid().get() != user.uid()) {
            throw new AccountException("uid of root is 0 and cannot change");
        }
        if (user.username().equals(ROOT) && c.home().isPresent()) {
            throw new AccountException("home of root is the homes root and cannot change");
        }
        c.fullName().ifPresent(AccountRules::checkFullName);
        c.email().ifPresent(AccountRules::checkEmail);
        c.home().ifPresent(AccountRules::checkHome);
        c.homeMode().ifPresent(AccountRules::checkHomeMode);
        c.shell().ifPresent(s -> AccountRules.checkShell(shells, s));
        c.password().ifPresent(PasswordPolicy::check);
        boolean uidChanges = c.uid().isPresent() && c.uid().get() != user.uid();
        if (uidChanges) {
            ids.checkUid(c.uid().get(), users::usernameWithUid);
        }
        Group primary = c.group().map(this::requireGroup).orElse(user.primaryGroup());
        List<Group> aux = c.groups().map(this::resolveGroups).orElse(user.auxiliaryGroups());
        checkConsoleMembership(username, c.shell().orElse(user.shell()), primary.name(), aux);
        Optional<String> hash = c.password().isPresent() ? c.password().map(hasher::hash) : user.passwordHash();

        User updated = tx.execute(status -> {
            users.update(user.id(), new UserFields(user.username(), c.fullName().orElse(user.fullName()),
                    c.uid().orElse(user.uid()), primary.id(), aux.stream().map(Group::id).toList(),
                    c.home().orElse(user.home()), c.homeMode().orElse(user.homeMode()), c.shell().orElse(user.shell()),
                    hash, c.passwordDisabled().orElse(user.passwordDisabled()), user.locked(),
                    c.email().orElse(user.email())));
            User after = require(username);
            homes.create(after);
            return after;
        });
        if (uidChanges) {
            // as usermod -u: what the account owns in its home follows it to the new uid
            homes.reown(updated, user.uid(), updated.uid(), user.primaryGroup().gid(), updated.primaryGroup().gid());
            conflicts.uidChanged(username);
        }
        audit.change(actor, "accounts users edit " + username, c.describe());
        if (c.password().isPresent()) {
            forgetInitialAdminPassword(username);
        }
        publishToHost();
        return updated;
    }

    public void delete(Actor actor, String username, boolean deleteHome) {
        User user = requireLocal(username);
        if (user.builtin()) {
            throw new AccountException("'" + username + "' is a builtin account and cannot be deleted; lock it instead");
        }
        tx.executeWithoutResult(status -> {
            users.delete(user.id());
            // The user's own primary group goes with it, unless someone else still uses it.
            if (user.primaryGroup().name().equals(username) && !user.primaryGroup().builtin()
                    && !groups.isPrimaryGroupOfAnyone(user.primaryGroup().id())) {
                groups.delete(user.primaryGroup().id());
            }
        });
        conflicts.userDeleted(username);
        publishToHost();
        if (deleteHome) {
            homes.delete(user);
        }
        audit.change(actor, "accounts users delete " + username, deleteHome ? "home deleted" : "home kept");
    }

    public void setPassword(Actor actor, String username, String password) {
        User user = requireLocal(username);
        PasswordPolicy.check(password);
        users.setPasswordHash(user.id(), hasher.hash(password));
        audit.change(actor, "accounts users passwd " + username, "password=********");
        forgetInitialAdminPassword(username);
    }

    /** SPEC §1: the initial password file goes once the administrator's password has been changed. */
    private void forgetInitialAdminPassword(String username) {
        if (username.equals(ADMIN)) {
            try {
                java.nio.file.Files.deleteIfExists(dataDirectory.initialAdminPasswordFile());
            } catch (java.io.IOException e) {
                throw new AccountException("the password was changed, but " + dataDirectory.initialAdminPasswordFile()
                        + " could not be deleted (" + e.getMessage() + "); delete it by hand");
            }
        }
    }

    public void setLocked(Actor actor, String username, boolean locked) {
        User user = requireLocal(username);
        users.setLocked(user.id(), locked);
        audit.change(actor, "accounts users " + (locked ? "lock " : "unlock ") + username, "");
    }

    public UserKey addKey(Actor actor, String username, String keyLine) {
        User user = requireLocal(username);
        AuthorizedKey key = AuthorizedKey.parse(keyLine);
        if (users.hasKey(user.id(), key.fingerprint())) {
            throw new AccountException("user '" + username + "' has this key already (" + key.fingerprint() + ")");
        }
        users.addKey(user.id(), key.keyType(), key.publicKey(), key.comment(), key.fingerprint());
        audit.change(actor, "accounts users keys add " + username, key.keyType() + " " + key.fingerprint());
        return keysOf(user.id()).stream().filter(k -> k.fingerprint().equals(key.fingerprint())).findFirst()
                .orElseThrow();
    }

    public void removeKey(Actor actor, String username, String fingerprint) {
        User user = requireLocal(username);
        if (!users.removeKey(user.id(), fingerprint)) {
            throw new AccountException("user '" + username + "' has no key with fingerprint " + fingerprint
                    + "; 'accounts users keys list " + username + "' shows them");
        }
        audit.change(actor, "accounts users keys remove " + username, fingerprint);
    }

    /** Creates any missing home directory with its mode and owner (at start, after a restore). */
    public void createMissingHomes() {
        homes.createRoot();
        for (User user : allUsers()) {
            homes.create(user);
        }
    }

    // ---- groups ------------------------------------------------------------------------------

    public List<Group> groups() {
        return allGroups();
    }

    public Optional<Group> findGroup(String name) {
        return name == null ? Optional.empty() : groupNamed(name);
    }

    public Group requireGroup(String name) {
        return findGroup(name).orElseThrow(() -> new AccountException("no group named '" + AccountRules.printable(name)
                + "'; 'accounts groups list' shows the groups"));
    }

    public List<String> members(String groupName) {
        return groups.memberNames(requireGroup(groupName).id());
    }

    public Group addGroup(Actor actor, String name, Optional<Integer> gid) {
        AccountRules.checkGroupName(name);
        if (findGroup(name).isPresent()) {
            throw new AccountException("group name '" + name + "' is taken; choose another name");
        }
        checkNameFreeOnHost("group", name, host::gidOfGroup);
        gid.ifPresent(g -> ids.checkGid(g, groups::nameWithGid));
        Group group = group(groups.insert(gid.orElseGet(() -> ids.nextGid(-1, groups::nameWithGid)), name));
        audit.change(actor, "accounts groups add " + name, "gid=" + group.gid());
        publishToHost();
        return group;
    }

    public Group editGroup(Actor actor, String name, Optional<String> newName, Optional<Integer> gid) {
        Group group = requireGroup(name);
        if (group.builtin() && newName.isPresent() && !newName.get().equals(name)) {
            throw new AccountException("'" + name + "' is a builtin group; its name cannot change");
        }
        if (group.gid() == 0 && gid.isPresent() && gid.get() != 0) {
            throw new AccountException("'" + name + "' has gid 0, root's, which cannot change");
        }
        newName.ifPresent(n -> {
            AccountRules.checkGroupName(n);
            if (!n.equals(name) && findGroup(n).isPresent()) {
                throw new AccountException("group name '" + n + "' is taken; choose another name");
            }
            if (!n.equals(name)) {
                checkNameFreeOnHost("group", n, host::gidOfGroup);
            }
        });
        boolean gidChanges = gid.isPresent() && gid.get() != group.gid();
        if (gidChanges) {
            ids.checkGid(gid.get(), groups::nameWithGid);
        }
        groups.update(group.id(), gid.orElse(group.gid()), newName.orElse(name));
        if (gidChanges) {
            // its members' files in their homes follow the group to its new gid, as they would with chgrp -R
            for (User member : allUsers()) {
                if (member.primaryGroup().id() == group.id()) {
                    homes.reown(member, member.uid(), member.uid(), group.gid(), gid.get());
                }
            }
            conflicts.gidChanged(name);
        }
        newName.filter(n -> !n.equals(name)).ifPresent(n -> conflicts.groupRenamed(name, n));
        audit.change(actor, "accounts groups edit " + name,
                (newName.map(n -> "name=" + n + " ").orElse("") + gid.map(g -> "gid=" + g).orElse("")).trim());
        publishToHost();
        return requireGroup(newName.orElse(name));
    }

    public void deleteGroup(Actor actor, String name) {
        Group group = requireGroup(name);
        if (group.builtin()) {
            throw new AccountException("'" + name + "' is a builtin group and cannot be deleted");
        }
        if (groups.isPrimaryGroupOfAnyone(group.id())) {
            throw new AccountException("group '" + name + "' is the primary group of " + String.join(", ",
                    groups.memberNames(group.id())) + "; give them another primary group first");
        }
        groups.delete(group.id());
        conflicts.gidChanged(name);
        audit.change(actor, "accounts groups delete " + name, "");
        publishToHost();
    }

    public void addMember(Actor actor, String groupName, String username) {
        Group group = requireGroup(groupName);
        User user = requireLocal(username);
        groups.addMember(group.id(), user.id());
        audit.change(actor, "accounts groups members add " + groupName + " " + username, "");
        publishToHost();
    }

    public void removeMember(Actor actor, String groupName, String username) {
        Group group = requireGroup(groupName);
        User user = requireLocal(username);
        checkConsoleMembership(username, user.shell(), user.primaryGroup().name(),
                user.auxiliaryGroups().stream().filter(g -> g.id() != group.id()).toList());
        if (!groups.removeMember(group.id(), user.id())) {
            throw new AccountException("'" + username + "' is not an auxiliary member of '" + groupName + "'"
                    + (user.primaryGroup().id() == group.id() ? " (it is the user's primary group)" : ""));
        }
        audit.change(actor, "accounts groups members remove " + groupName + " " + username, "");
        publishToHost();
    }

    private List<Group> resolveGroups(List<String> names) {
        List<Group> found = new ArrayList<>();
        for (String name : names) {
            found.add(requireGroup(name.trim()));
        }
        return found;
    }

    /** SPEC §4: the console is only for administrators, so an account that could never log in is not saved. */
    private static void checkConsoleMembership(String username, String shell, String primaryGroup, List<Group> aux) {
        if (!shell.equals(LoginShells.CONSOLE)) {
            return;
        }
        List<String> names = new ArrayList<>(List.of(primaryGroup));
        aux.forEach(g -> names.add(g.name()));
        if (!names.contains(ADMINS) && !names.contains(READONLY_ADMINS)) {
            throw new AccountException("'" + username + "' would have the console shell without being a member of "
                    + ADMINS + " or " + READONLY_ADMINS + ": the console shell is only for administrators; add"
                    + " --groups " + ADMINS + " (or " + READONLY_ADMINS + "), or choose another shell");
        }
    }

    /**
     * While the accounts are published, a new name the host already resolves is refused: its record could
     * not be published, and the host's user of that name would be confused with it.
     */
    private void checkNameFreeOnHost(String kind, String name, java.util.function.Function<String, Optional<Integer>> lookup) {
        if (records.active()) {
            lookup.apply(name).ifPresent(id -> {
                throw new AccountException("the host has a " + kind + " named '" + name + "' (" + (kind.equals("user")
                        ? "uid " : "gid ") + id + "); choose another name");
            });
        }
    }

    // ---- the host ----------------------------------------------------------------------------

    /**
     * At start, before anything is published (so that only the host's own answers): which stored ids and
     * names the host also has. Root (uid and gid 0) is the host's root by design and not checked.
     */
    public void checkAgainstHost() {
        records.withdraw();
        conflicts.clear();
        for (User user : allUsers()) {
            if (user.uid() != 0) {
                host.userWithUid(user.uid()).ifPresent(n -> conflicts.uidUsedByHost(user.username(), user.uid(), n));
                host.uidOfUser(user.username()).ifPresent(u -> conflicts.userNameUsedByHost(user.username(), u));
            }
        }
        for (Group group : allGroups()) {
            if (group.gid() != 0) {
                host.groupWithGid(group.gid()).ifPresent(n -> conflicts.gidUsedByHost(group.name(), group.gid(), n));
                host.gidOfGroup(group.name()).ifPresent(g -> conflicts.groupNameUsedByHost(group.name(), g));
            }
        }
        conflicts.notes().forEach(note -> log.warn("accounts: {}", note));
    }

    /**
     * A new database only: builtin ids (admin 950, admins 544, readonly-admins 545, from the first migration)
     * that the host already uses move into the id range before anything uses them. An existing database
     * keeps its ids, and the start-up check reports them.
     */
    public void moveBuiltinIdsOffTheHost() {
        for (Group group : allGroups()) {
            if (group.builtin() && group.gid() != 0 && host.groupWithGid(group.gid()).isPresent()) {
                int gid = ids.nextGid(-1, groups::nameWithGid);
                log.info("accounts: builtin group {} gets gid {}: the host's group {} has gid {}", group.name(), gid,
                        host.groupWithGid(group.gid()).get(), group.gid());
                groups.update(group.id(), gid, group.name());
            }
        }
        for (User user : allUsers()) {
            if (user.builtin() && user.uid() != 0 && host.userWithUid(user.uid()).isPresent()) {
                int uid = ids.nextUid(users::usernameWithUid);
                log.info("accounts: builtin user {} gets uid {}: the host's user {} has uid {}", user.username(), uid,
                        host.userWithUid(user.uid()).get(), user.uid());
                users.setUid(user.id(), uid);
            }
        }
    }

    /** Why the account may run nothing as its ids (see {@link HostConflicts}), or empty. */
    public Optional<String> hostConflict(User user) {
        return conflicts.refusal(user);
    }

    /** Lines for {@code services list}: whether the host resolves the names, and every conflict. */
    public List<String> hostNotes() {
        List<String> notes = new ArrayList<>(records.notes());
        notes.addAll(conflicts.notes());
        DirectorySource source = directory.getIfAvailable();
        if (source != null) {
            notes.addAll(source.notes());
        }
        return notes;
    }

    /** Publishes every account and group but root and those the host conflicts with (see {@link SystemdUserRecords}). */
    public void publishToHost() {
        if (!records.active()) {
            return;
        }
        List<User> published = allUsers().stream().filter(u -> u.uid() != 0 && conflicts.publishable(u)).toList();
        Map<String, java.nio.file.Path> homesByName = new LinkedHashMap<>();
        published.forEach(u -> homesByName.put(u.username(), homes.pathOf(u)));
        records.publish(published, allGroups().stream().filter(g -> g.gid() != 0 && conflicts.publishable(g))
                .toList(), homesByName);
    }

    /** At stop: the host forgets the names again. */
    public void withdrawFromHost() {
        records.withdraw();
    }
}
