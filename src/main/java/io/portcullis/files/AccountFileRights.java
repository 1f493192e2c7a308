package io.portcullis.files;

import io.portcullis.ProcessIdentity;
import io.portcullis.accounts.Group;
import io.portcullis.accounts.User;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * What an account may do to ownership and modes through SFTP and SCP. The file server runs inside the
 * appliance, so when the appliance is root the kernel would let it do anything: here the account gets
 * what it would have as itself. New files become its own, it can give files only to itself and its
 * groups, change modes only of its own files, and never set the setuid, setgid or sticky bits (a
 * setuid-root program uploaded to a home would otherwise be one {@code chown} away).
 */
final class AccountFileRights {

    private static final int SPECIAL_BITS = 07000;

    private final int uid;
    private final int gid;
    private final Set<Integer> gids;
    /** Whether files are created by root and so must be handed to the account. */
    private final boolean applianceIsRoot;

    AccountFileRights(int uid, int gid, Set<Integer> gids, boolean applianceIsRoot) {
        this.uid = uid;
        this.gid = gid;
        this.gids = Set.copyOf(gids);
        this.applianceIsRoot = applianceIsRoot;
    }

    static AccountFileRights of(User user) {
        Set<Integer> gids = new HashSet<>();
        gids.add(user.primaryGroup().gid());
        user.auxiliaryGroups().stream().map(Group::gid).forEach(gids::add);
        return new AccountFileRights(user.uid(), user.primaryGroup().gid(), gids, ProcessIdentity.isRoot());
    }

    /** Limits apply when the appliance is root acting for someone else; root's own account has none. */
    private boolean limited() {
        return applianceIsRoot && uid != 0;
    }

    /** Hands a file, directory or link the appliance just created to the account. */
    void adopt(Path created) throws IOException {
        if (applianceIsRoot) {
            Files.setAttribute(created, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(created, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    void checkOwner(String shown, int newUid) throws IOException {
        if (limited() && newUid != uid) {
            throw new AccessDeniedException(shown, null, "a file can only be given to yourself (uid " + uid + ")");
        }
    }

    void checkGroup(String shown, int newGid) throws IOException {
        if (limited() && !gids.contains(newGid)) {
            throw new AccessDeniedException(shown, null, "a file can only be given to one of your groups "
                    + new java.util.TreeSet<>(gids));
        }
    }

    /** Owner and group given by name (SFTP v4 and later) cannot be checked against ids: refused when limited. */
    void checkNamedOwnership(String shown) throws IOException {
        if (limited()) {
            throw new AccessDeniedException(shown, null, "change ownership with numeric ids (sftp chown/chgrp)");
        }
    }

    void checkModeChange(String shown, Path local, LinkOption... options) throws IOException {
        if (limited() && ((Integer) Files.getAttribute(local, "unix:uid", options)) != uid) {
            throw new AccessDeniedException(shown, null, "only the owner of a file may change its mode");
        }
    }

    void checkRawMode(String shown, int mode) throws IOException {
        if ((mode & SPECIAL_BITS) != 0 && uid != 0) {
            throw new AccessDeniedException(shown, null, "setuid, setgid and sticky bits cannot be set");
        }
    }
}
