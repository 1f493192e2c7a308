package io.portcullis.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.conf.IdRange;
import io.portcullis.host.HostAccounts;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How ids are chosen: the range, the accounts' own ids and the host's, whichever source answers. */
class AccountIdsTest {

    /** A host whose NSS knows these uids and gids. */
    static HostAccounts host(Map<Integer, String> users, Map<Integer, String> groups) {
        return new HostAccounts() {
            public Optional<String> userWithUid(int uid) {
                return Optional.ofNullable(users.get(uid));
            }

            public Optional<String> groupWithGid(int gid) {
                return Optional.ofNullable(groups.get(gid));
            }

            public Optional<Integer> uidOfUser(String name) {
                return Optional.empty();
            }

            public Optional<Integer> gidOfGroup(String name) {
                return Optional.empty();
            }
        };
    }

    final AccountIds ids = new AccountIds(() -> new IdRange(100, 105),
            host(Map.of(100, "hostuser", 102, "ldapuser"), Map.of(101, "hostgroup")));
    final Map<Integer, String> accounts = Map.of(101, "alice");

    @Test
    void theNextUidSkipsTheHostsAndTheAccountsOwn() {
        assertThat(ids.nextUid(id -> Optional.ofNullable(accounts.get(id)))).isEqualTo(103);
    }

    @Test
    void aUsersGroupTakesItsUidWhenFreeElseTheNextFreeGid() {
        assertThat(ids.nextGid(103, id -> Optional.empty())).isEqualTo(103);
        assertThat(ids.nextGid(101, id -> Optional.empty())).as("101 is the host's group").isEqualTo(100);
        assertThat(ids.nextGid(9999, id -> Optional.empty())).as("outside the range").isEqualTo(100);
    }

    @Test
    void givenIdsAreCheckedAndAFullRangeSaysWhatToDo() {
        assertThatThrownBy(() -> ids.checkUid(102, id -> Optional.empty())).hasMessageContaining("host's user 'ldapuser'");
        assertThatThrownBy(() -> ids.checkUid(101, id -> Optional.ofNullable(accounts.get(id))))
                .hasMessageContaining("used by the user 'alice'");
        assertThatThrownBy(() -> ids.checkUid(99, id -> Optional.empty())).hasMessageContaining("outside")
                .hasMessageContaining("100-105");
        assertThatThrownBy(() -> ids.checkGid(101, id -> Optional.empty())).hasMessageContaining("host's group 'hostgroup'");
        AccountIds full = new AccountIds(() -> new IdRange(100, 100), host(Map.of(100, "x"), Map.of()));
        assertThatThrownBy(() -> full.nextUid(id -> Optional.empty())).hasMessageContaining("no free uid")
                .hasMessageContaining("widen accounts.id-range");
    }
}
