package io.portcullis.ssh;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.Group;
import io.portcullis.accounts.LoginShells;
import io.portcullis.accounts.User;
import io.portcullis.settings.LoginRules;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettings;
import io.portcullis.settings.sshdconfig.AddressPattern;
import io.portcullis.settings.sshdconfig.AuxParameters;
import io.portcullis.settings.sshdconfig.MatchBlock;
import io.portcullis.settings.sshdconfig.PatternList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who may log in, and how (SPEC §3 and §4, and sshd_config's Allow/Deny and Match lines). Pure: given
 * the account, the address it comes from and the saved rules, the reason a login is refused, or
 * empty when it is allowed. Rules are read at every login, so changes apply to the next one.
 */
public final class LoginPolicy {

    private LoginPolicy() {
    }

    /** Refusals common to every method. */
    public static Optional<String> refuseAccount(User user, LoginRules rules, String address) {
        if (user.locked()) {
            return Optional.of("account locked");
        }
        if (user.shell().equals(LoginShells.CONSOLE)
                && !user.isMemberOf(Accounts.ADMINS) && !user.isMemberOf(Accounts.READONLY_ADMINS)) {
            return Optional.of("console shell without membership of admins or readonly-admins");
        }
        return refuseByAccessLists(user, rules.aux(), address);
    }

    public static Optional<String> refusePassword(User user, LoginRules rules, String address) {
        Optional<String> account = refuseAccount(user, rules, address);
        if (account.isPresent()) {
            return account;
        }
        SshSettings settings = rules.settings();
        boolean allowed = MatchedSettings.of(rules.aux(), user, address).passwordAuthentication()
                .orElse(settings.get(SshSetting.PASSWORD_AUTH));
        if (!allowed) {
            return Optional.of("password authentication is off");
        }
        boolean root = user.username().equals(Accounts.ROOT);
        if (root && !settings.get(SshSetting.ROOT_LOGIN_WITH_PASSWORD)) {
            return Optional.of("root may log in by key only");
        }
        if (user.passwordDisabled()) {
            return Optional.of("password disabled for this account");
        }
        // a directory user's password is the directory's, checked by a bind
        if (!user.hasPassword() && !user.fromDirectory()) {
            return Optional.of("no password set");
        }
        if (!root && !settings.get(SshSetting.PASSWORD_LOGIN_GROUPS).isEmpty()
                && settings.get(SshSetting.PASSWORD_LOGIN_GROUPS).stream().noneMatch(user::isMemberOf)) {
            return Optional.of("not a member of the password login groups");
        }
        return Optional.empty();
    }

    /** The Match blocks that apply to this account from this address, in file order. */
    public static List<MatchBlock> firstMatching(AuxParameters aux, User user, String address) {
        List<String> groups = groupNames(user);
        return aux.matches().stream().filter(m -> m.matches(user.username(), groups, address)).toList();
    }

    /** OpenSSH's order: DenyUsers, AllowUsers, DenyGroups, AllowGroups. */
    static Optional<String> refuseByAccessLists(User user, AuxParameters aux, String address) {
        String name = user.username();
        ClientHost host = new ClientHost(address, aux.useDnsOrDefault());
        if (aux.denyUsers().stream().anyMatch(p -> userPatternMatches(p, name, host))) {
            return Optional.of("listed in DenyUsers");
        }
        if (!aux.allowUsers().isEmpty() && aux.allowUsers().stream().noneMatch(p -> userPatternMatches(p, name, host))) {
            return Optional.of("not listed in AllowUsers");
        }
        List<String> groups = groupNames(user);
        if (aux.denyGroups().stream().anyMatch(p -> groups.stream().anyMatch(g -> PatternList.wildcardMatches(p, g)))) {
            return Optional.of("member of a group in DenyGroups");
        }
        if (!aux.allowGroups().isEmpty()
                && aux.allowGroups().stream().noneMatch(p -> groups.stream().anyMatch(g -> PatternList.wildcardMatches(p, g)))) {
            return Optional.of("not a member of a group in AllowGroups");
        }
        return Optional.empty();
    }

    /**
     * {@code user} or {@code user@host} patterns; the host part matches the client's address, and with
     * UseDNS yes also its verified reverse name (as OpenSSH).
     */
    private static boolean userPatternMatches(String pattern, String user, ClientHost host) {
        int at = pattern.indexOf('@');
        if (at < 0) {
            return PatternList.wildcardMatches(pattern, user);
        }
        String hostPattern = pattern.substring(at + 1);
        return PatternList.wildcardMatches(pattern.substring(0, at), user)
                && (AddressPattern.matches(hostPattern, host.address())
                        || host.name().filter(n -> PatternList.wildcardMatches(hostPattern, n)).isPresent());
    }

    /** The client's address and, only when UseDNS is yes and a pattern needs it, its name looked up once. */
    private static final class ClientHost {
        private final String address;
        private final boolean useDns;
        private Optional<String> name;

        ClientHost(String address, boolean useDns) {
            this.address = address;
            this.useDns = useDns;
        }

        String address() {
            return address;
        }

        Optional<String> name() {
            if (name == null) {
                name = useDns ? reverseName(address) : Optional.empty();
            }
            return name;
        }

        /** The JDK checks that the name resolves back to the address, as OpenSSH's UseDNS does. */
        private static Optional<String> reverseName(String address) {
            try {
                String name = java.net.InetAddress.getByName(address).getCanonicalHostName();
                return name.equals(address) ? Optional.empty() : Optional.of(name);
            } catch (java.net.UnknownHostException | SecurityException e) {
                return Optional.empty();
            }
        }
    }

    private static List<String> groupNames(User user) {
        List<String> names = new ArrayList<>();
        names.add(user.primaryGroup().name());
        user.auxiliaryGroups().stream().map(Group::name).forEach(names::add);
        return names;
    }
}
