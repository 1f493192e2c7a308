package io.portcullis.accounts;

import io.portcullis.DataDirectory;
import io.portcullis.audit.AuditLog;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.store.GroupRepository;
import io.portcullis.store.UserRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Users, groups and keys (SPEC §4): every change validated first, saved in one transaction with its
 * home directory, and audited with the acting administrator. Console and local menu both come here.
 */
@Service
public class Accounts {

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

    public Accounts(UserRepository users, GroupRepository groups, PasswordHasher hasher, HomeDirectories homes,
                    AuditLog audit, TransactionTemplate tx, DataDirectory dataDirectory) {
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

    // ---- users -------------------------------------------------------------------------------

    public List<User> users() {
        return users.findAll();
    }

    public Optional<User> find(String username) {
        return username == null ? Optional.empty() : users.findByUsername(username);
    }

    public User require(String username) {
        return find(username).orElseThrow(() -> new AccountException("no user named '" + AccountRules.printable(username)
                + "'; 'accounts users list' shows the users"));
    }

    public List<UserKey> keys(String username) {
        return users.keys(require(username).id());
    }

    public java.nio.file.Path homeOf(User user) {
        return homes.pathOf(user);
    }

    public User add(Actor actor, String username, UserChanges c) {
        AccountRules.checkUsername(username);
        if (find(username).isPresent()) {
            throw new AccountException("username '" + username + "' is taken; choose another name");
        }
        if (groups.findByName(username).isPresent() && c.group().isEmpty()) {
            throw new AccountException("a group named '" + username + "' exists already; give --group to use an"
                    + " existing primary group, or choose another username");
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
        List<Long> aux = resolveGroups(c.groups().orElse(List.of()));
        if (c.uid().isPresent()) {
            AccountRules.checkId("uid", c.uid().get());
            if (users.uidTaken(c.uid().get())) {
                throw new AccountException("uid " + c.uid().get() + " is used by another user; leave --uid out to take"
                        + " the next free one");
            }
        }
        Optional<Group> primary = c.group().map(this::requireGroup);

        User created = tx.execute(status -> {
            int uid = c.uid().orElseGet(() -> users.nextFreeUid(AccountRules.FIRST_ID));
            Group primaryGroup = primary.orElseGet(() -> groups.insert(groups.gidTaken(uid)
                    ? groups.nextFreeGid(AccountRules.FIRST_ID) : uid, username));
            users.insert(new NewUser(username, fullName, uid, primaryGroup.id(), aux, home, mode, shell, hash,
                    c.passwordDisabled().orElse(false), false, email));
            User user = require(username);
            homes.create(user);
            return user;
        });
        audit.change(actor, "accounts users add " + username, c.describe());
        return created;
    }

    public User edit(Actor actor, String username, UserChanges c) {
        User user = require(username);
        if (user.builtin() && c.uid().isPresent() && c.uid().get() != user.uid()) {
            throw new AccountException("uid of builtin user '" + username + "' cannot change");
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
        c.uid().ifPresent(uid -> {
            AccountRules.checkId("uid", uid);
            if (uid != user.uid() && users.uidTaken(uid)) {
                throw new AccountException("uid " + uid + " is used by another user; choose a free one");
            }
        });
        Group primary = c.group().map(this::requireGroup).orElse(user.primaryGroup());
        List<Long> aux = c.groups().map(this::resolveGroups)
                .orElse(user.auxiliaryGroups().stream().map(Group::id).toList());
        Optional<String> hash = c.password().isPresent() ? c.password().map(hasher::hash) : user.passwordHash();

        User updated = tx.execute(status -> {
            users.update(user.id(), new NewUser(user.username(), c.fullName().orElse(user.fullName()),
                    c.uid().orElse(user.uid()), primary.id(), aux, c.home().orElse(user.home()),
                    c.homeMode().orElse(user.homeMode()), c.shell().orElse(user.shell()), hash,
                    c.passwordDisabled().orElse(user.passwordDisabled()), user.locked(), c.email().orElse(user.email())));
            User after = require(username);
            homes.create(after);
            return after;
        });
        audit.change(actor, "accounts users edit " + username, c.describe());
        if (c.password().isPresent()) {
            forgetInitialAdminPassword(username);
        }
        return updated;
    }

    public void delete(Actor actor, String username, boolean deleteHome) {
        User user = require(username);
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
        if (deleteHome) {
            homes.delete(user);
        }
        audit.change(actor, "accounts users delete " + username, deleteHome ? "home deleted" : "home kept");
    }

    public void setPassword(Actor actor, String username, String password) {
        User user = require(username);
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
        User user = require(username);
        users.setLocked(user.id(), locked);
        audit.change(actor, "accounts users " + (locked ? "lock " : "unlock ") + username, "");
    }

    public UserKey addKey(Actor actor, String username, String keyLine) {
        User user = require(username);
        AuthorizedKey key = AuthorizedKey.parse(keyLine);
        if (users.hasKey(user.id(), key.fingerprint())) {
            throw new AccountException("user '" + username + "' has this key already (" + key.fingerprint() + ")");
        }
        users.addKey(user.id(), key.keyType(), key.publicKey(), key.comment(), key.fingerprint());
        audit.change(actor, "accounts users keys add " + username, key.keyType() + " " + key.fingerprint());
        return users.keys(user.id()).stream().filter(k -> k.fingerprint().equals(key.fingerprint())).findFirst()
                .orElseThrow();
    }

    public void removeKey(Actor actor, String username, String fingerprint) {
        User user = require(username);
        if (!users.removeKey(user.id(), fingerprint)) {
            throw new AccountException("user '" + username + "' has no key with fingerprint " + fingerprint
                    + "; 'accounts users keys list " + username + "' shows them");
        }
        audit.change(actor, "accounts users keys remove " + username, fingerprint);
    }

    /** Creates any missing home directory with its mode and owner (at start, after a restore). */
    public void createMissingHomes() {
        homes.createRoot();
        for (User user : users.findAll()) {
            homes.create(user);
        }
    }

    // ---- groups ------------------------------------------------------------------------------

    public List<Group> groups() {
        return groups.findAll();
    }

    public Optional<Group> findGroup(String name) {
        return name == null ? Optional.empty() : groups.findByName(name);
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
        gid.ifPresent(g -> {
            AccountRules.checkId("gid", g);
            if (groups.gidTaken(g)) {
                throw new AccountException("gid " + g + " is used by another group; leave --gid out to take the next"
                        + " free one");
            }
        });
        Group group = groups.insert(gid.orElseGet(() -> groups.nextFreeGid(AccountRules.FIRST_ID)), name);
        audit.change(actor, "accounts groups add " + name, "gid=" + group.gid());
        return group;
    }

    public Group editGroup(Actor actor, String name, Optional<String> newName, Optional<Integer> gid) {
        Group group = requireGroup(name);
        if (group.builtin() && (newName.isPresent() && !newName.get().equals(name)
                || gid.isPresent() && gid.get() != group.gid())) {
            throw new AccountException("'" + name + "' is a builtin group; its name and gid cannot change");
        }
        newName.ifPresent(n -> {
            AccountRules.checkGroupName(n);
            if (!n.equals(name) && findGroup(n).isPresent()) {
                throw new AccountException("group name '" + n + "' is taken; choose another name");
            }
        });
        gid.ifPresent(g -> {
            AccountRules.checkId("gid", g);
            if (g != group.gid() && groups.gidTaken(g)) {
                throw new AccountException("gid " + g + " is used by another group; choose a free one");
            }
        });
        groups.update(group.id(), gid.orElse(group.gid()), newName.orElse(name));
        audit.change(actor, "accounts groups edit " + name,
                (newName.map(n -> "name=" + n + " ").orElse("") + gid.map(g -> "gid=" + g).orElse("")).trim());
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
        audit.change(actor, "accounts groups delete " + name, "");
    }

    public void addMember(Actor actor, String groupName, String username) {
        Group group = requireGroup(groupName);
        User user = require(username);
        groups.addMember(group.id(), user.id());
        audit.change(actor, "accounts groups members add " + groupName + " " + username, "");
    }

    public void removeMember(Actor actor, String groupName, String username) {
        Group group = requireGroup(groupName);
        User user = require(username);
        if (!groups.removeMember(group.id(), user.id())) {
            throw new AccountException("'" + username + "' is not an auxiliary member of '" + groupName + "'"
                    + (user.primaryGroup().id() == group.id() ? " (it is the user's primary group)" : ""));
        }
        audit.change(actor, "accounts groups members remove " + groupName + " " + username, "");
    }

    private List<Long> resolveGroups(List<String> names) {
        List<Long> ids = new ArrayList<>();
        for (String name : names) {
            ids.add(requireGroup(name.trim()).id());
        }
        return ids;
    }
}
