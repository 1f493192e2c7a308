package io.portcullis.files;

import io.portcullis.accounts.AccountException;
import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.Group;
import io.portcullis.accounts.User;
import io.portcullis.host.HostAccounts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.springframework.stereotype.Component;

/**
 * Names for the uids and gids an SFTP client shows in {@code ls -l} (users-groups-by-id@openssh.com):
 * Portcullis's accounts and groups, then the host's through NSS, as OpenSSH's sftp-server names any id
 * its host knows; an unknown id has no name. It tells no more than {@code getent} tells any local user
 * (and, once Portcullis publishes its accounts, the host's NSS knows them too).
 */
@Component
public class IdNames {

    private final Accounts accounts;
    private final HostAccounts host;

    public IdNames(Accounts accounts, HostAccounts host) {
        this.accounts = accounts;
        this.host = host;
    }

    /** The user name of each uid, "" when none; in the order asked. */
    List<String> users(List<Integer> uids) {
        Map<Integer, String> ours = new HashMap<>();
        for (User user : accounts.users()) {
            ours.put(user.uid(), user.username());
        }
        return names(uids, ours, host::userWithUid);
    }

    /** The group name of each gid, "" when none; in the order asked. */
    List<String> groups(List<Integer> gids) {
        Map<Integer, String> ours = new HashMap<>();
        for (Group group : accounts.groups()) {
            ours.put(group.gid(), group.name());
        }
        return names(gids, ours, host::groupWithGid);
    }

    private static List<String> names(List<Integer> ids, Map<Integer, String> ours, IntFunction<Optional<String>> nss) {
        Map<Integer, String> found = new HashMap<>(ours);
        return ids.stream().map(id -> found.computeIfAbsent(id, unknown -> {
            try {
                return nss.apply(unknown).orElse("");
            } catch (AccountException e) {
                return ""; // a name service that does not answer: the client shows the number
            }
        })).toList();
    }
}
