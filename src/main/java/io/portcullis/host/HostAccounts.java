package io.portcullis.host;

import java.util.Optional;

/**
 * What the host's name service (NSS: /etc/passwd and /etc/group, LDAP, systemd's records, ...) knows of
 * an id or a name, asked as {@code getent} would. Portcullis never reads /etc/passwd itself: it is not the
 * whole answer.
 */
public interface HostAccounts {

    /** The name of the host's user with this uid, if any. */
    Optional<String> userWithUid(int uid);

    /** The name of the host's group with this gid, if any. */
    Optional<String> groupWithGid(int gid);

    /** The uid of the host's user of this name, if any. */
    Optional<Integer> uidOfUser(String name);

    /** The gid of the host's group of this name, if any. */
    Optional<Integer> gidOfGroup(String name);
}
