package io.portcullis.console;

import io.portcullis.accounts.AccountRules;
import io.portcullis.audit.AuditEntry;
import io.portcullis.audit.AuditLog.Retention;
import io.portcullis.audit.AuditLog;
import io.portcullis.host.RefusedException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** The {@code audit} menu (SPEC §8): the audit log, filtered, and how long it is kept. */
@Component
class AuditCommands implements CommandSet {

    static final List<String> KINDS = List.of("login", "change", "service", "session", "transfer", "connection");
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;
    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})([smhdw])");

    private static final Option<String> USER = Option.text("user", "U", "only what this user (or 'console', 'system')"
            + " did");
    private static final Option<String> KIND = Option.choice("kind", "KIND", "only this kind: "
            + String.join(", ", KINDS), KINDS);
    private static final Option<String> SINCE = Option.text("since", "T", "only entries since a time ago (30m, 1h, 7d)"
            + " or a UTC time (2026-11-24T10:00)");
    private static final Option<Integer> LIMIT = Option.number("limit", "N", "at most N entries (default "
            + DEFAULT_LIMIT + ")");
    private static final Option<Integer> MAX_ENTRIES = Option.number("max-entries", "N", "keep at most N entries (at"
            + " least " + AuditLog.MIN_ENTRIES + ")");
    private static final Option<Integer> MAX_AGE_DAYS = Option.number("max-age-days", "DAYS", "drop entries older than"
            + " DAYS days (at least " + AuditLog.MIN_DAYS + ")");

    private final AuditLog audit;

    AuditCommands(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public List<ConsoleCommand> commands() {
        return List.of(
                ConsoleCommand.reading("audit list", "audit entries, newest first")
                        .options(USER, KIND, SINCE, LIMIT, Option.JSON)
                        .details("""
                                Kinds: login (accepted and refused, with method, address and reason), change (every
                                console change, refused ones too, secrets masked), service (starts and stops), session
                                (shells, commands, consoles), transfer (SFTP and scp sessions with bytes in and out,
                                and the operations in them per 'ssh set --sftp-log-level'), connection (outgoing
                                'ssh connections' tests). Times are UTC.""")
                        .does(this::list),
                ConsoleCommand.reading("audit retention show", "how many entries and days the audit log keeps")
                        .options(Option.JSON).does(this::showRetention),
                ConsoleCommand.changing("audit retention set", "change how many entries and days the audit log keeps")
                        .options(MAX_ENTRIES, MAX_AGE_DAYS)
                        .details("Older entries are pruned in the background, in small batches, so logins never wait"
                                + " for it.")
                        .does(this::setRetention));
    }

    private void list(Invocation in) {
        int limit = in.get(LIMIT).orElse(DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new RefusedException("--limit " + limit + ": give 1 to " + MAX_LIMIT);
        }
        Optional<Instant> since = in.get(SINCE).map(AuditCommands::since);
        List<AuditEntry> entries = audit.find(in.get(USER), in.get(KIND), since, limit);
        if (in.json()) {
            in.printJson(entries.stream().map(AuditCommands::json).toList());
            return;
        }
        TextTable table = new TextTable("TIME (UTC)", "KIND", "USER", "ADDRESS", "ACTION", "OUTCOME", "DETAIL");
        entries.forEach(e -> table.row(e.at().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""), e.kind(),
                e.actor(), e.address(), e.action(), e.outcome(), TextTable.orDash(e.detail())));
        table.print(in.out());
    }

    private static Map<String, Object> json(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("at", e.at().toString());
        m.put("kind", e.kind());
        m.put("user", e.actor());
        m.put("address", e.address());
        m.put("action", e.action());
        m.put("outcome", e.outcome());
        m.put("detail", e.detail());
        return m;
    }

    /** {@code 30m}, {@code 1h}, {@code 7d}, {@code 2w} ago, or a UTC date and time (an offset may be given). */
    static Instant since(String value) {
        String v = value.trim();
        Matcher relative = RELATIVE.matcher(v);
        if (relative.matches()) {
            long n = Long.parseLong(relative.group(1));
            Duration ago = switch (relative.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return Instant.now().minus(ago);
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new UsageException("--since '" + AccountRules.printable(v) + "': give a time ago such as 30m,"
                            + " 1h, 7d, or a UTC time such as 2026-11-24T10:00");
                }
            }
        }
    }

    private void showRetention(Invocation in) {
        Retention r = audit.retention();
        if (in.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("maxEntries", r.maxEntries());
            m.put("maxAgeDays", r.maxAgeDays());
            in.printJson(m);
            return;
        }
        in.out().println("max-entries:  " + r.maxEntries());
        in.out().println("max-age-days: " + r.maxAgeDays());
    }

    private void setRetention(Invocation in) {
        if (!in.has(MAX_ENTRIES) && !in.has(MAX_AGE_DAYS)) {
            throw new UsageException("give --max-entries N, --max-age-days DAYS or both");
        }
        Retention saved = audit.retention();
        Retention wanted = new Retention(in.get(MAX_ENTRIES).orElse(saved.maxEntries()),
                in.get(MAX_AGE_DAYS).orElse(saved.maxAgeDays()));
        try {
            audit.setRetention(in.actor(), wanted);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(e.getMessage());
        }
        in.out().println("saved: max-entries=" + wanted.maxEntries() + " max-age-days=" + wanted.maxAgeDays()
                + "; older entries are pruned in the background");
    }
}
