package io.portcullis.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.springframework.stereotype.Component;

/**
 * Stored accounts and groups the host also knows, found by the start-up check (an existing database keeps
 * its ids, and the host may have taken one since): an account whose uid, or a group whose gid, the host
 * resolves gets no login shell or file transfer, since those would act as the host's user or group, until
 * an administrator gives it another id; a name the host resolves is not published. New ids and names are
 * checked when saved, so only the check at start fills this.
 */
@Component
public class HostConflicts {

    private final Map<String, String> userIds = new ConcurrentSkipListMap<>();
    private final Map<String, String> groupIds = new ConcurrentSkipListMap<>();
    private final Map<String, String> userNames = new ConcurrentSkipListMap<>();
    private final Map<String, String> groupNames = new ConcurrentSkipListMap<>();

    void clear() {
        userIds.clear();
        groupIds.clear();
        userNames.clear();
        groupNames.clear();
    }

    void uidUsedByHost(String username, int uid, String hostUser) {
        userIds.put(username, "uid " + uid + " of the account '" + username + "' is also the host's user '" + hostUser
                + "'");
    }

    void gidUsedByHost(String group, int gid, String hostGroup) {
        groupIds.put(group, "gid " + gid + " of the group '" + group + "' is also the host's group '" + hostGroup + "'");
    }

    void userNameUsedByHost(String username, int hostUid) {
        userNames.put(username, "the host has a user named '" + username + "' (uid " + hostUid + ")");
    }

    void groupNameUsedByHost(String group, int hostGid) {
        groupNames.put(group, "the host has a group named '" + group + "' (gid " + hostGid + ")");
    }

    /** The account's uid changed, to one checked against the host. */
    void uidChanged(String username) {
        userIds.remove(username);
    }

    /** The group's gid changed to a checked one, or the group is gone. */
    void gidChanged(String group) {
        groupIds.remove(group);
    }

    void userDeleted(String username) {
        userIds.remove(username);
        userNames.remove(username);
    }

    void groupRenamed(String from, String to) {
        Optional.ofNullable(groupIds.remove(from)).ifPresent(r -> groupIds.put(to, r.replace("'" + from + "'", "'" + to + "'")));
        groupNames.remove(from);
    }

    /**
     * Why the account may not run anything as its ids (login shells, and file transfer, which acts as the
     * account), with what to do; empty when its uid and groups are its own.
     */
    public Optional<String> refusal(User user) {
        List<String> reasons = new ArrayList<>();
        Optional.ofNullable(userIds.get(user.username())).ifPresent(reasons::add);
        Optional.ofNullable(groupIds.get(user.primaryGroup().name())).ifPresent(reasons::add);
        user.auxiliaryGroups().forEach(g -> Optional.ofNullable(groupIds.get(g.name())).ifPresent(reasons::add));
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join("; ", reasons) + ". It would act as the host's own, so it is refused until an"
                + " administrator gives it an id of its own ('accounts users edit " + user.username() + " --uid N',"
                + " 'accounts groups edit GROUP --gid N').");
    }

    public boolean publishable(User user) {
        return !userIds.containsKey(user.username()) && !userNames.containsKey(user.username())
                && !groupIds.containsKey(user.primaryGroup().name());
    }

    public boolean publishable(Group group) {
        return !groupIds.containsKey(group.name()) && !groupNames.containsKey(group.name());
    }

    /** One line per conflict, for {@code services list} and the log. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        userIds.values().forEach(r -> notes.add(r + ": its login shell and file transfer are refused until its uid"
                + " changes"));
        groupIds.values().forEach(r -> notes.add(r + ": its members' login shells and file transfer are refused until"
                + " its gid changes"));
        userNames.values().forEach(r -> notes.add(r + ": Portcullis's account of that name is not published"));
        groupNames.values().forEach(r -> notes.add(r + ": Portcullis's group of that name is not published"));
        return notes;
    }
}
