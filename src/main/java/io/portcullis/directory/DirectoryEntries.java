package io.portcullis.directory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import io.portcullis.accounts.AccountException;
import io.portcullis.accounts.AuthorizedKey;
import io.portcullis.accounts.UserKey;
import io.portcullis.audit.LogText;
import io.portcullis.conf.ApplianceConf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The searches Portcullis makes in the directory, each bounded: one user by name (two entries found is an
 * error, not a choice), its groups (at most {@link #MAX_GROUPS}; more refuses the user, since leaving some
 * out could let a DenyGroups member in), and the listing of users in pages of {@link #PAGE_SIZE}, of which
 * only as many as asked are kept. The directory's own size limits (slapd's default 500) are met by paging.
 */
final class DirectoryEntries {

    static final int MAX_GROUPS = 1024;
    static final int MAX_KEYS = 64;
    static final int PAGE_SIZE = 500;
    /** What is kept of a full name (escaped); the rest is cut. */
    static final int MAX_FULL_NAME = 256;

    private final ApplianceConf.Directory conf;
    private final ApplianceConf.Directory.Attributes a;

    DirectoryEntries(ApplianceConf.Directory conf) {
        this.conf = conf;
        this.a = conf.attributes();
    }

    /** The user of that name, with its groups; empty when the directory has none (or none the filter admits). */
    Optional<UserEntry> user(LDAPConnection connection, String username) {
        Filter filter = Filter.createANDFilter(parse(conf.userFilter()), Filter.createEqualityFilter(a.username(), username));
        SearchResult result = search(connection, conf.userBase(), SearchScope.SUB, filter, 2, userAttributes());
        if (result.getEntryCount() > 1 || result.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
            throw new DirectoryException("more than one directory entry has " + a.username() + "="
                    + LogText.escape(username) + " under " + conf.userBase() + ": the name must be unique; narrow"
                    + " ldap.user-filter or ldap.user-base", DirectoryException.Kind.ENTRY);
        }
        if (result.getEntryCount() == 0) {
            return Optional.empty();
        }
        SearchResultEntry entry = result.getSearchEntries().get(0);
        List<String> problems = new ArrayList<>();
        List<UserEntry.DirectoryGroup> groups = groups(connection, entry, username, problems);
        return Optional.of(decode(entry, groups, problems));
    }

    /**
     * Up to {@code limit} users, in pages, each given to {@code each} as it comes (without groups: the listing
     * says what the entries say); returns, when not all were listed, why.
     */
    Optional<String> list(LDAPConnection connection, int limit, Consumer<UserEntry> each) {
        Filter filter = parse(conf.userFilter());
        com.unboundid.asn1.ASN1OctetString cookie = null;
        int seen = 0;
        do {
            SearchRequest request = new SearchRequest(conf.userBase(), SearchScope.SUB, filter, userAttributes());
            request.setTimeLimitSeconds((int) Math.max(1, conf.timeout().toSeconds()));
            request.setResponseTimeoutMillis(conf.timeout().toMillis());
            request.setControls(new SimplePagedResultsControl(Math.min(PAGE_SIZE, limit - seen + 1), cookie, false));
            SearchResult result = run(connection, request);
            for (SearchResultEntry entry : result.getSearchEntries()) {
                if (seen == limit) {
                    return Optional.of("the directory has more users than the " + limit + " listed");
                }
                seen++;
                each.accept(decode(entry, List.of(), new ArrayList<>()));
            }
            if (result.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                return Optional.of("the directory stopped the listing at its own size limit, after " + seen + " users;"
                        + " raise its limit for " + conf.bindDn().orElse("anonymous searches") + " to see more"
                        + " (OpenLDAP: limits dn.exact=\"" + conf.bindDn().orElse("...") + "\" size=unlimited)");
            }
            try {
                SimplePagedResultsControl paged = SimplePagedResultsControl.get(result);
                cookie = paged == null || !paged.moreResultsToReturn() ? null : paged.getCookie();
            } catch (LDAPException e) {
                cookie = null;
            }
        } while (cookie != null);
        return Optional.empty();
    }

    private String[] userAttributes() {
        return new String[] {a.username(), a.uidNumber(), a.gidNumber(), a.fullName(), a.loginShell(),
                a.sshPublicKey(), a.memberOf()};
    }

    private List<UserEntry.DirectoryGroup> groups(LDAPConnection connection, SearchResultEntry user, String username,
                                                  List<String> problems) {
        List<UserEntry.DirectoryGroup> groups = new ArrayList<>();
        String[] attributes = {a.groupName(), a.gidNumber()};
        if (conf.membership() == ApplianceConf.Directory.Membership.RFC2307) {
            Filter filter = Filter.createANDFilter(parse(conf.groupFilter()),
                    Filter.createEqualityFilter(a.memberUid(), username));
            SearchResult result = search(connection, conf.groupBase(), SearchScope.SUB, filter, MAX_GROUPS + 1, attributes);
            if (result.getEntryCount() > MAX_GROUPS || result.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                throw tooManyGroups(username);
            }
            result.getSearchEntries().forEach(g -> group(g, problems).ifPresent(groups::add));
        } else {
            String[] dns = user.getAttributeValues(a.memberOf());
            if (dns != null && dns.length > MAX_GROUPS) {
                throw tooManyGroups(username);
            }
            for (String dn : dns == null ? new String[0] : dns) {
                if (!isUnder(dn, conf.groupBase())) {
                    continue;
                }
                SearchResult result = search(connection, dn, SearchScope.BASE, parse(conf.groupFilter()), 1, attributes);
                result.getSearchEntries().forEach(g -> group(g, problems).ifPresent(groups::add));
            }
        }
        return groups;
    }

    private DirectoryException tooManyGroups(String username) {
        return new DirectoryException("the directory user " + LogText.escape(username) + " is a member of more than "
                + MAX_GROUPS + " groups under " + conf.groupBase() + "; refused, since leaving groups out could get past"
                + " DenyGroups: narrow ldap.group-filter or ldap.group-base", DirectoryException.Kind.ENTRY);
    }

    private Optional<UserEntry.DirectoryGroup> group(SearchResultEntry entry, List<String> problems) {
        Optional<String> name = text(entry.getAttribute(a.groupName()));
        if (name.isEmpty()) {
            problems.add("group " + LogText.escape(entry.getDN()) + " has no usable " + a.groupName() + "; left out");
            return Optional.empty();
        }
        return Optional.of(new UserEntry.DirectoryGroup(name.get(), number(entry.getAttribute(a.gidNumber()))));
    }

    /** The name of the group with this gid, if the directory has one. */
    Optional<String> groupNamed(LDAPConnection connection, long gid) {
        Filter filter = Filter.createANDFilter(parse(conf.groupFilter()),
                Filter.createEqualityFilter(a.gidNumber(), Long.toString(gid)));
        SearchResult result = search(connection, conf.groupBase(), SearchScope.SUB, filter, 1, a.groupName());
        return result.getSearchEntries().stream().findFirst().flatMap(e -> text(e.getAttribute(a.groupName())));
    }

    private UserEntry decode(SearchResultEntry entry, List<UserEntry.DirectoryGroup> groups, List<String> problems) {
        String username = text(entry.getAttribute(a.username())).orElse("");
        String fullName = text(entry.getAttribute(a.fullName())).map(LogText::escape).orElse("");
        if (fullName.length() > MAX_FULL_NAME) {
            fullName = fullName.substring(0, MAX_FULL_NAME) + "...";
        }
        List<UserKey> keys = new ArrayList<>();
        Attribute keyValues = entry.getAttribute(a.sshPublicKey());
        byte[][] values = keyValues == null ? new byte[0][] : keyValues.getValueByteArrays();
        for (int i = 0; i < values.length; i++) {
            if (keys.size() == MAX_KEYS) {
                problems.add((values.length - i) + " more " + a.sshPublicKey() + " values beyond " + MAX_KEYS + " left out");
                break;
            }
            Optional<String> line = utf8(values[i]);
            if (line.isEmpty()) {
                problems.add(a.sshPublicKey() + " value " + (i + 1) + " is not UTF-8 text; left out");
                continue;
            }
            try {
                AuthorizedKey key = AuthorizedKey.parse(line.get());
                keys.add(new UserKey(0, key.keyType(), key.publicKey(), key.comment(), key.fingerprint(), Instant.now()));
            } catch (AccountException e) {
                problems.add(a.sshPublicKey() + " value " + (i + 1) + " left out: " + LogText.escape(e.getMessage()));
            }
        }
        return new UserEntry(entry.getDN(), username, fullName, number(entry.getAttribute(a.uidNumber())),
                number(entry.getAttribute(a.gidNumber())), text(entry.getAttribute(a.loginShell())), keys, groups,
                problems);
    }

    /** The first value, when it is UTF-8 text. */
    private static Optional<String> text(Attribute attribute) {
        return attribute == null || attribute.getValueByteArray() == null ? Optional.empty()
                : utf8(attribute.getValueByteArray());
    }

    private static Optional<Long> number(Attribute attribute) {
        Optional<String> text = text(attribute);
        if (text.isEmpty() || !text.get().strip().matches("-?\\d{1,12}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text.get().strip()));
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static boolean isUnder(String dn, String base) {
        try {
            return new DN(dn).isDescendantOf(new DN(base), true);
        } catch (LDAPException e) {
            return false;
        }
    }

    private static Filter parse(String filter) {
        try {
            return Filter.create(filter);
        } catch (LDAPException e) {
            // checked when portcullis.conf was read
            throw new IllegalStateException(e);
        }
    }

    private SearchResult search(LDAPConnection connection, String base, SearchScope scope, Filter filter, int sizeLimit,
                                String... attributes) {
        SearchRequest request = new SearchRequest(base, scope, filter, attributes);
        request.setSizeLimit(sizeLimit);
        request.setTimeLimitSeconds((int) Math.max(1, conf.timeout().toSeconds()));
        request.setResponseTimeoutMillis(conf.timeout().toMillis());
        return run(connection, request);
    }

    /** A search; a size limit reached is an answer (the caller checks it), a missing base is an empty one. */
    private SearchResult run(LDAPConnection connection, SearchRequest request) {
        try {
            return connection.search(request);
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED || e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return e.getSearchResult();
            }
            throw LdapConnections.failure(conf, "search under " + request.getBaseDN(), e);
        }
    }
}
