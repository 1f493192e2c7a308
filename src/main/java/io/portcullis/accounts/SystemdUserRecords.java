package io.portcullis.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portcullis.conf.CurrentConf;
import io.portcullis.host.DataDirectory;
import io.portcullis.host.ProcessIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes the accounts and groups as systemd JSON user and group records (nss-systemd(8) reads
 * {@code /run/userdb/NAME.user} and its {@code UID.user} link, {@code NAME.group} and {@code GID.group}), so
 * the host resolves their names: {@code id}, {@code ls -l}, prompts, {@code ps}, and the ssh and git clients in
 * a login shell. Every record is {@code locked} and names a shell that does not exist: OpenSSH's sshd refuses
 * a user whose shell is missing before any authentication (auth.c, allowed_user), and PAM's account check
 * (pam_unix through nss-systemd's shadow entry: expired when locked) refuses sshd, su and login, so a
 * published account opens no other door on the host. No password hash is ever written.
 *
 * <p>Each record carries the data directory that wrote it; only such records are ever replaced or removed,
 * so an account can never overwrite a host user's record or systemd's own. Written atomically (a temporary
 * file renamed into place), mode 0644, kept in step with every change, removed at stop and rewritten at
 * start (a crash's leftovers first removed).
 */
@Component
public class SystemdUserRecords {

    private static final Logger log = LoggerFactory.getLogger(SystemdUserRecords.class);

    /** The record field naming the data directory of the Portcullis that wrote it. */
    static final String WRITER = "io.portcullis.dataDirectory";
    /** Missing on purpose (see above): never created, in a directory only root could make. */
    public static final String NO_HOST_SHELL = "/nonexistent/portcullis/no-host-login";
    private static final Path NSSWITCH = Path.of("/etc/nsswitch.conf");

    private final ObjectMapper json = new ObjectMapper();
    private final String writer;
    private final Optional<Path> directory;
    private final String status;
    private final Map<String, String> skipped = new LinkedHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    public SystemdUserRecords(CurrentConf conf, DataDirectory dataDirectory) {
        // where records go is fixed at start: those written are withdrawn from the same place at stop
        this(conf.get().accounts().userdbDirectory(), dataDirectory, ProcessIdentity.isRoot(), NSSWITCH);
    }

    SystemdUserRecords(Optional<Path> configured, DataDirectory dataDirectory, boolean root, Path nsswitch) {
        this.writer = dataDirectory.root().toString();
        String why = null;
        if (configured.isEmpty()) {
            why = "accounts.userdb-dir is none in portcullis.conf";
        } else if (!root) {
            why = "Portcullis does not run as root";
        } else if (!nssReadsSystemd(nsswitch)) {
            why = nsswitch + " has no 'systemd' on its passwd line (Debian: install libnss-systemd)";
        }
        this.directory = why == null ? configured : Optional.empty();
        this.status = why == null
                ? "the host resolves the accounts' names: each is published as a systemd user record in "
                        + configured.get() + " (no password, no host login)"
                : "the host does not resolve the accounts' names (ls -l and ps show bare uids, whoami fails in login"
                        + " shells): " + why;
    }

    /** Whether {@code /etc/nsswitch.conf}'s passwd line lists systemd, as Debian's libnss-systemd puts it there. */
    static boolean nssReadsSystemd(Path nsswitch) {
        try {
            for (String line : Files.readAllLines(nsswitch)) {
                String text = line.replaceAll("#.*", "").strip();
                if (text.startsWith("passwd:")) {
                    return List.of(text.substring(7).replaceAll("\\[[^]]*]", " ").strip().split("\\s+")).contains("systemd");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    public boolean active() {
        return directory.isPresent();
    }

    /** For {@code services list}: whether the host resolves the names, and records left out. */
    public synchronized List<String> notes() {
        List<String> notes = new ArrayList<>();
        notes.add(status);
        skipped.forEach((file, why) -> notes.add("not published: " + why));
        return notes;
    }

    /**
     * Makes the directory hold exactly these users' and groups' records (the callers leave out root and
     * whatever collides with the host). Members of a group are listed only when published themselves:
     * another name in a group record would give a host user of that name the group's gid.
     */
    public synchronized void publish(List<User> users, List<Group> groups, Map<String, Path> homes) {
        if (directory.isEmpty()) {
            return;
        }
        Path dir = directory.get();
        try {
            prepare(dir);
        } catch (IOException e) {
            log.warn("cannot publish the accounts in {}: {}", dir, e.getMessage());
            return;
        }
        skipped.clear();
        Set<String> wanted = new HashSet<>();
        Set<String> publishedUsers = new HashSet<>();
        Set<Long> publishedGroups = new HashSet<>();
        groups.forEach(g -> publishedGroups.add(g.id()));
        for (User user : users) {
            List<String> memberOf = user.auxiliaryGroups().stream().filter(g -> publishedGroups.contains(g.id()))
                    .map(Group::name).sorted().toList();
            if (write(dir, user.username() + ".user", user.uid() + ".user", userRecord(user, homes.get(user.username()),
                    memberOf),
                    "the host's record " + dir.resolve(user.username() + ".user") + " or " + dir.resolve(user.uid()
                            + ".user") + " is not Portcullis's", wanted)) {
                publishedUsers.add(user.username());
            }
        }
        for (Group group : groups) {
            List<String> members = users.stream().filter(u -> publishedUsers.contains(u.username()))
                    .filter(u -> u.auxiliaryGroups().stream().anyMatch(g -> g.id() == group.id()))
                    .map(User::username).sorted().toList();
            write(dir, group.name() + ".group", group.gid() + ".group", groupRecord(group, members),
                    "the host's record " + dir.resolve(group.name() + ".group") + " or " + dir.resolve(group.gid()
                            + ".group") + " is not Portcullis's", wanted);
        }
        removeOurs(dir, wanted);
    }

    /** At stop, and at start before the host check: every record this data directory wrote goes. */
    public synchronized void withdraw() {
        directory.ifPresent(dir -> {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                removeOurs(dir, Set.of());
            }
        });
    }

    private ObjectNode userRecord(User user, Path home, List<String> memberOf) {
        ObjectNode record = json.createObjectNode();
        record.put("userName", user.username());
        record.put("uid", user.uid());
        record.put("gid", user.primaryGroup().gid());
        if (!user.fullName().isEmpty()) {
            record.put("realName", user.fullName());
        }
        record.put("homeDirectory", home.toString());
        record.put("shell", NO_HOST_SHELL);
        record.put("disposition", "regular");
        record.put("locked", true);
        // what initgroups (id, and every login shell's group list) reads: the members of a group record alone
        // answer getgrnam, not getgrouplist
        record.putArray("memberOf").addAll(memberOf.stream().map(json.getNodeFactory()::textNode).toList());
        record.put(WRITER, writer);
        return record;
    }

    private ObjectNode groupRecord(Group group, List<String> members) {
        ObjectNode record = json.createObjectNode();
        record.put("groupName", group.name());
        record.put("gid", group.gid());
        record.put("disposition", "regular");
        record.putArray("members").addAll(members.stream().map(json.getNodeFactory()::textNode).toList());
        record.put(WRITER, writer);
        return record;
    }

    /** The directory as nss-systemd wants it: root's, not writable by others; made 0755 when missing. */
    private static void prepare(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        PosixFileAttributes attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isDirectory() || !attrs.owner().getName().equals("root")
                || attrs.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || attrs.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("it must be a directory of root's that only root may write to");
        }
    }

    /** Writes NAME.x and its ID.x link unless either is someone else's; false (and noted) when skipped. */
    private boolean write(Path dir, String file, String link, ObjectNode record, String whySkipped, Set<String> wanted) {
        Path target = dir.resolve(file);
        Path alias = dir.resolve(link);
        if (foreign(target) || foreign(alias)) {
            if (skipped.put(file, whySkipped) == null) {
                log.warn("accounts: {} not published: {}", file, whySkipped);
            }
            return false;
        }
        try {
            byte[] content = json.writeValueAsBytes(record);
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                    || !java.util.Arrays.equals(Files.readAllBytes(target), content)) {
                Path temporary = Files.createTempFile(dir, ".portcullis-", ".tmp");
                Files.write(temporary, content);
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
                move(temporary, target);
            }
            if (!Files.isSymbolicLink(alias) || !Files.readSymbolicLink(alias).toString().equals(file)) {
                Path temporary = dir.resolve(".portcullis-" + System.nanoTime() + ".link");
                Files.createSymbolicLink(temporary, Path.of(file));
                move(temporary, alias);
            }
            wanted.add(file);
            wanted.add(link);
            return true;
        } catch (IOException e) {
            log.warn("accounts: cannot publish {} in {}: {}", file, dir, e.toString());
            return false;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(from);
            throw e;
        }
    }

    /** Present, and not written by this data directory (a link counts as ours when it leads to a record of ours). */
    private boolean foreign(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        return !ours(path);
    }

    private boolean ours(Path path) {
        try {
            if (Files.isSymbolicLink(path)) {
                Path to = Files.readSymbolicLink(path);
                return to.getNameCount() == 1 && !Files.isSymbolicLink(path.resolveSibling(to))
                        && ours(path.resolveSibling(to));
            }
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.size(path) > 64 * 1024) {
                return false;
            }
            JsonNode record = json.readTree(new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
            return record != null && record.path(WRITER).asText("").equals(writer);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Our records not in {@code keep}, and temporaries of ours a crash left (.portcullis-*: never read by
     * nss-systemd, which reads only *.user and *.group). Links first, then files: a crash in between leaves
     * no link of ours pointing nowhere.
     */
    private void removeOurs(Path dir, Set<String> keep) {
        List<Path> links = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean record = name.endsWith(".user") || name.endsWith(".group");
                if ((record && !keep.contains(name) || name.startsWith(".portcullis-")) && ours(entry)) {
                    (Files.isSymbolicLink(entry) ? links : files).add(entry);
                }
            }
        } catch (IOException e) {
            log.warn("accounts: cannot read {}: {}", dir, e.toString());
            return;
        }
        links.forEach(SystemdUserRecords::deleteQuietly);
        files.forEach(SystemdUserRecords::deleteQuietly);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("accounts: cannot remove {}: {}", path, e.toString());
        }
    }
}
