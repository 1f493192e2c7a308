package io.portcullis.accounts;

import io.portcullis.conf.IdRange;
import io.portcullis.host.HostAccounts;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * How uids and gids are chosen and checked (SPEC §4): from Portcullis's own range, never one another
 * account or group has, never one the host's NSS resolves. An id the host resolves but Portcullis does not
 * store cannot be one of Portcullis's own published records (only stored accounts are published), so any
 * such answer is the host's.
 */
public final class AccountIds {

    /** Read at each use: a reload of portcullis.conf changes the range for the next account. */
    private final Supplier<IdRange> ranges;
    private final HostAccounts host;

    public AccountIds(Supplier<IdRange> ranges, HostAccounts host) {
        this.ranges = ranges;
        this.host = host;
    }

    public IdRange range() {
        return ranges.get();
    }

    /** The lowest uid of the range that no account has and the host does not know. */
    public int nextUid(IntFunction<Optional<String>> account) {
        return next("uid", range(), id -> account.apply(id).isEmpty() && host.userWithUid(id).isEmpty());
    }

    /** {@code preferred} when it is free (a user's own group takes its uid), else the lowest free gid. */
    public int nextGid(int preferred, IntFunction<Optional<String>> group) {
        java.util.function.IntPredicate free = id -> group.apply(id).isEmpty() && host.groupWithGid(id).isEmpty();
        IdRange range = range();
        return range.contains(preferred) && free.test(preferred) ? preferred : next("gid", range, free);
    }

    /** An explicit {@code --uid}: in the range, no other account's, not the host's. */
    public void checkUid(int uid, IntFunction<Optional<String>> account) {
        check("uid", uid);
        account.apply(uid).ifPresent(other -> {
            throw new AccountException("uid " + uid + " is used by the user '" + other + "'; leave --uid out to take"
                    + " the next free one");
        });
        host.userWithUid(uid).ifPresent(name -> {
            throw new AccountException("uid " + uid + " belongs to the host's user '" + name + "'; an account with it"
                    + " would act as that user: leave --uid out to take the next free one");
        });
    }

    /** An explicit {@code --gid}: in the range, no other group's, not the host's. */
    public void checkGid(int gid, IntFunction<Optional<String>> group) {
        check("gid", gid);
        group.apply(gid).ifPresent(other -> {
            throw new AccountException("gid " + gid + " is used by the group '" + other + "'; leave --gid out to take"
                    + " the next free one");
        });
        host.groupWithGid(gid).ifPresent(name -> {
            throw new AccountException("gid " + gid + " belongs to the host's group '" + name + "'; its members would"
                    + " get that group's rights: leave --gid out to take the next free one");
        });
    }

    /** Outside the range an id is the host's to hand out (useradd may take it tomorrow), so it is refused. */
    private void check(String field, int id) {
        AccountRules.checkId(field, id);
        IdRange range = range();
        if (!range.contains(id)) {
            throw new AccountException(field + " " + id + " is outside Portcullis's id range " + range + " (accounts"
                    + ".id-range in portcullis.conf); give one inside it, or leave it out to take the next free one");
        }
    }

    private int next(String field, IdRange range, java.util.function.IntPredicate free) {
        for (long id = range.first(); id <= range.last(); id++) {
            if (free.test((int) id)) {
                return (int) id;
            }
        }
        throw new AccountException("no free " + field + " is left in the id range " + range + "; widen accounts.id-range"
                + " in portcullis.conf and restart");
    }
}
