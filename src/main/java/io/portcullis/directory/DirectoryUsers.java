package io.portcullis.directory;

import com.unboundid.ldap.sdk.LDAPConnection;
import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.DirectorySource;
import io.portcullis.accounts.User;
import io.portcullis.accounts.UserKey;
import io.portcullis.audit.LogText;
import io.portcullis.conf.ApplianceConf;
import io.portcullis.conf.CurrentConf;
import io.portcullis.host.HostAccounts;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Directory users (issue 18): looked up by name before a login is decided, on threads of their own (never
 * an SSH I/O thread) and within {@code ldap.timeout}, then cached for {@code ldap.cache-ttl}. While the
 * directory does not answer, a cached user is kept, so its key logins go on; a password needs the
 * directory, so those logins are refused, each with a log line. When the directory answers again, a user
 * it no longer has (or whose entry the filter no longer admits) is forgotten at its next login. Names the
 * directory does not know are remembered for at most {@link #NEGATIVE_TTL}, so that a new directory user
 * need not wait. At most {@link #MAX_CACHED} users are kept, the longest unused going first.
 */
@Component
public class DirectoryUsers implements DirectorySource {

    private static final Logger log = LoggerFactory.getLogger(DirectoryUsers.class);

    static final int MAX_CACHED = 1024;
    /** As SSSD's entry_negative_timeout: an unknown name is asked again after this. */
    static final Duration NEGATIVE_TTL = Duration.ofSeconds(15);
    private static final int THREADS = 2;
    private static final int QUEUE = 128;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    /** What the directory said of a name when it was last asked; {@code user} empty: no usable user. */
    private record Cached(Optional<User> user, String dn, List<UserKey> keys, Instant fetched, boolean expired) {
        boolean fresh(Duration ttl, Instant now) {
            Duration life = user.isPresent() ? ttl : (ttl.compareTo(NEGATIVE_TTL) < 0 ? ttl : NEGATIVE_TTL);
            return !expired && fetched.plus(life).isAfter(now);
        }
    }

    /** One row of the listing: the account, or why it is refused; whether a local account hides it. */
    public record Listed(String username, String dn, Optional<User> user, Optional<String> refusal, boolean hidden) {
    }

    /** What {@link #list} found: at most the rows asked for, and, when the directory has more, why they are not. */
    public record Listing(List<Listed> rows, Optional<String> more) {
    }

    /** The answer to a password: whether it matched, or why the directory could not say. */
    public record PasswordCheck(boolean matches, Optional<String> failure) {
    }

    private final CurrentConf conf;
    private final Accounts accounts;
    private final HostAccounts host;
    private final Map<String, Cached> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > MAX_CACHED;
        }
    };
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;
    private volatile Instant lastAnswer;
    private volatile Instant failingSince;
    private volatile String failure;
    private volatile Instant lastFailure;

    public DirectoryUsers(CurrentConf conf, Accounts accounts, HostAccounts host) {
        this.conf = conf;
        this.accounts = accounts;
        this.host = host;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "directory-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    public boolean configured() {
        return conf.get().directory().isPresent();
    }

    private Optional<ApplianceConf.Directory> directory() {
        return conf.get().directory();
    }

    // ---- what the SSH side asks without waiting ---------------------------------------------------

    @Override
    public Optional<User> cached(String username) {
        if (!configured()) {
            return Optional.empty();
        }
        synchronized (cache) {
            Cached c = cache.get(username);
            return c == null ? Optional.empty() : c.user();
        }
    }

    @Override
    public List<UserKey> keys(String username) {
        synchronized (cache) {
            Cached c = cache.get(username);
            return c == null || c.user().isEmpty() ? List.of() : c.keys();
        }
    }

    /** Whether a login as this name must wait for {@link #lookUp}: a directory is configured, no local account has the name, and what is cached is old. */
    public boolean needsLookup(String username) {
        Optional<ApplianceConf.Directory> d = directory();
        if (d.isEmpty() || username == null || accounts.findLocal(username).isPresent()) {
            return false;
        }
        Instant now = Instant.now();
        synchronized (cache) {
            Cached c = cache.get(username);
            if (c != null && c.user().isPresent() && failingSince != null && lastFailure != null
                    && lastFailure.plus(NEGATIVE_TTL).isAfter(now)) {
                // it just failed: a cached user logs in at once rather than wait for another failure
                return false;
            }
            return c == null || !c.fresh(d.get().cacheTtl(), now);
        }
    }

    // ---- lookups, off the caller's thread ---------------------------------------------------------

    /**
     * Asks the directory for this name, at most once at a time per name, and completes when the cache holds
     * the answer or the directory failed to give one within {@code ldap.timeout} (the cached entry is then
     * kept as it was). Never completes exceptionally.
     */
    public CompletableFuture<Void> lookUp(String username) {
        ApplianceConf.Directory d = directory().orElse(null);
        if (d == null) {
            return CompletableFuture.completedFuture(null);
        }
        return inFlight.computeIfAbsent(username, name -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                executor.execute(() -> {
                    try {
                        lookUpNow(d, name);
                    } finally {
                        done.complete(null);
                    }
                });
            } catch (RejectedExecutionException e) {
                log.warn("directory: {} lookups are waiting already; {} is not looked up now (a login waiting for it"
                        + " is refused)", QUEUE, LogText.escape(name));
                done.complete(null);
            }
            CompletableFuture<Void> bounded = done.completeOnTimeout(null, d.timeout().toMillis(), TimeUnit.MILLISECONDS);
            bounded.whenComplete((v, e) -> inFlight.remove(name));
            return bounded;
        });
    }

    private void lookUpNow(ApplianceConf.Directory d, String name) {
        try (LDAPConnection connection = new LdapConnections(d).openForSearch()) {
            DirectoryEntries entries = new DirectoryEntries(d);
            Optional<UserEntry> entry = entries.user(connection, name);
            if (entry.isEmpty()) {
                answered(d);
                forget(name, "");
                return;
            }
            UserEntry e = entry.get();
            Optional<String> primary = e.groups().stream().filter(g -> g.gid().equals(e.gidNumber()))
                    .map(UserEntry.DirectoryGroup::name).findFirst();
            if (primary.isEmpty() && e.gidNumber().isPresent()) {
                primary = entries.groupNamed(connection, e.gidNumber().get());
            }
            answered(d);
            DirectoryAccounts.Outcome outcome = accounts(d).account(e, primary);
            outcome.problems().forEach(p -> log.warn("directory: {}: {}", name, p));
            if (outcome.refusal().isPresent()) {
                log.warn("directory: {}", outcome.refusal().get());
                forget(name, e.dn());
                return;
            }
            synchronized (cache) {
                cache.put(name, new Cached(outcome.user(), e.dn(), e.keys(), Instant.now(), false));
            }
        } catch (DirectoryException e) {
            if (e.kind() == DirectoryException.Kind.ENTRY) {
                answered(d);
                log.warn("directory: {}", e.getMessage());
                forget(name, "");
            } else {
                failed(e);
            }
        } catch (RuntimeException e) {
            failed(new DirectoryException(d.url() + ": lookup of " + LogText.escape(name) + " failed: "
                    + LogText.escape(e.toString()), DirectoryException.Kind.REFUSED));
        }
    }

    private DirectoryAccounts accounts(ApplianceConf.Directory d) {
        return new DirectoryAccounts(d, accounts, host, accounts.shells());
    }

    private void forget(String name, String dn) {
        synchronized (cache) {
            Cached before = cache.put(name, new Cached(Optional.empty(), dn, List.of(), Instant.now(), false));
            if (before != null && before.user().isPresent()) {
                log.info("directory: {} is no longer a usable directory user; its next logins are refused", name);
            }
        }
    }

    /**
     * Checks a directory user's password by binding as its entry, off the caller's thread, within
     * {@code ldap.timeout}; a directory that does not answer is a failure with the reason.
     */
    public CompletableFuture<PasswordCheck> checkPassword(String username, String password) {
        ApplianceConf.Directory d = directory().orElse(null);
        String dn;
        synchronized (cache) {
            Cached c = cache.get(username);
            dn = c == null || c.user().isEmpty() ? null : c.dn();
        }
        if (d == null || dn == null) {
            return CompletableFuture.completedFuture(new PasswordCheck(false, Optional.of("not a directory user")));
        }
        String timeoutReason = d.url() + " did not answer within " + d.timeout().toSeconds() + " s";
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    boolean matches = new LdapConnections(d).passwordMatches(dn, password);
                    answered(d);
                    return new PasswordCheck(matches, Optional.empty());
                } catch (DirectoryException e) {
                    failed(e);
                    return new PasswordCheck(false, Optional.of(e.getMessage()));
                } catch (RuntimeException e) {
                    return new PasswordCheck(false, Optional.of(LogText.escape(e.toString())));
                }
            }, executor).completeOnTimeout(new PasswordCheck(false, Optional.of(timeoutReason)), d.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(new PasswordCheck(false, Optional.of(QUEUE
                    + " directory requests are waiting already")));
        }
    }

    // ---- the console's -------------------------------------------------------------------------

    /**
     * Up to {@code limit} directory users as the directory has them now (in pages, so its size limits and
     * memory stay bounded), each as it would log in or with why it would be refused; waits for the answer,
     * for the console. Throws with the reason when the directory does not answer.
     */
    public Listing list(int limit) {
        ApplianceConf.Directory d = directory().orElseThrow(() -> new DirectoryException("no directory is configured:"
                + " set ldap.url and the other ldap.* lines in " + conf.get().source(), DirectoryException.Kind.REFUSED));
        long pages = 2 + limit / DirectoryEntries.PAGE_SIZE;
        try {
            return CompletableFuture.supplyAsync(() -> {
                try (LDAPConnection connection = new LdapConnections(d).openForSearch()) {
                    List<Listed> rows = new ArrayList<>();
                    DirectoryAccounts made = accounts(d);
                    Optional<String> more = new DirectoryEntries(d).list(connection, limit, e -> {
                        DirectoryAccounts.Outcome o = made.account(e, Optional.empty());
                        rows.add(new Listed(e.username(), e.dn(), o.user(), o.refusal(),
                                accounts.findLocal(e.username()).isPresent()));
                    });
                    answered(d);
                    return new Listing(rows, more);
                }
            }, executor).get(d.timeout().toMillis() * pages, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DirectoryException de) {
                failed(de);
                throw de;
            }
            throw new DirectoryException(d.url() + ": listing failed: " + LogText.escape(String.valueOf(e.getCause())),
                    DirectoryException.Kind.REFUSED);
        } catch (TimeoutException e) {
            throw new DirectoryException(d.url() + " did not list its users within " + d.timeout().toSeconds() * pages
                    + " s", DirectoryException.Kind.UNREACHABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryException("interrupted", DirectoryException.Kind.UNREACHABLE);
        } catch (RejectedExecutionException e) {
            throw new DirectoryException(QUEUE + " directory requests are waiting already; try again",
                    DirectoryException.Kind.UNREACHABLE);
        }
    }

    /** Waits for a lookup of one name (the console's {@code accounts users show}), when what is cached is old. */
    public void lookUpAndWait(String username) {
        if (needsLookup(username)) {
            lookUp(username).join();
        }
    }

    /**
     * {@code accounts directory refresh}: every cached user is looked up again at its next login. Nothing is
     * dropped, so that while the directory does not answer the cached users' key logins still go on.
     */
    public int refresh() {
        synchronized (cache) {
            int n = cache.size();
            cache.replaceAll((name, c) -> new Cached(c.user(), c.dn(), c.keys(), c.fetched(), true));
            return n;
        }
    }

    /** How many usable users are cached. */
    public int cachedUsers() {
        synchronized (cache) {
            return (int) cache.values().stream().filter(c -> c.user().isPresent()).count();
        }
    }

    // ---- its state -----------------------------------------------------------------------------

    private void answered(ApplianceConf.Directory d) {
        lastAnswer = Instant.now();
        if (failingSince != null) {
            log.info("directory {} answers again", d.url());
            failingSince = null;
            failure = null;
        }
    }

    private void failed(DirectoryException e) {
        lastFailure = Instant.now();
        if (failingSince == null) {
            failingSince = Instant.now();
            log.warn("directory: {}; key logins of the {} cached directory users go on, password logins of directory"
                    + " users are refused until it answers", e.getMessage(), cachedUsers());
        } else if (!e.getMessage().equals(failure)) {
            log.warn("directory: {}", e.getMessage());
        }
        failure = e.getMessage();
    }

    /** Whether the last request found the directory failing, and why. */
    public Optional<String> failure() {
        return failingSince == null ? Optional.empty() : Optional.ofNullable(failure);
    }

    @Override
    public List<String> notes() {
        Optional<ApplianceConf.Directory> d = directory();
        if (d.isEmpty()) {
            return List.of();
        }
        String state;
        if (failingSince != null) {
            state = "FAILING since " + TIME.format(failingSince) + " (" + failure + "): key logins of cached users"
                    + " go on, password logins of directory users are refused";
        } else if (lastAnswer == null) {
            state = "not asked yet";
        } else {
            state = "answering (last answer " + TIME.format(lastAnswer) + ")";
        }
        return List.of("directory " + d.get().url() + ": " + state + "; " + cachedUsers() + " users cached for "
                + d.get().cacheTtl().toSeconds() + " s");
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
