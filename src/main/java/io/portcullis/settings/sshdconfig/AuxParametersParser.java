package io.portcullis.settings.sshdconfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the auxiliary parameters text: one {@code Keyword value} per line, {@code #} comments,
 * case-insensitive keywords, {@code Match} blocks to the end of the text or the next Match. Every
 * line is checked when saved, so a typo is refused with its line number and never stops the service.
 */
public final class AuxParametersParser {

    /** Every algorithm name the server can offer, per list, for checking Ciphers/MACs/... lines. */
    public record SupportedAlgorithms(List<String> ciphers, List<String> macs, List<String> kex,
                                      List<String> hostKey, List<String> pubkey) {
    }

    /** For tests and the empty text: checks syntax only, accepts any algorithm name. */
    static final SupportedAlgorithms ANY_ALGORITHM = null;

    public static final int MAX_CHARS = 64 * 1024;
    public static final int MAX_LINES = 1000;

    /** Keywords a Match block may hold whose global value is an SSH setting. */
    private static final java.util.Set<String> MATCH_ONLY = java.util.Set.of("passwordauthentication",
            "allowtcpforwarding");


    private final SupportedAlgorithms supported;
    private final Map<String, String> settingKeywords;
    private final Map<String, Integer> seenOn = new HashMap<>();
    private int lineNo;

    private Optional<Duration> clientAliveInterval = Optional.empty();
    private Optional<Integer> clientAliveCountMax = Optional.empty();
    private Optional<MaxStartups> maxStartups = Optional.empty();
    private Optional<Integer> maxAuthTries = Optional.empty();
    private Optional<Integer> maxSessions = Optional.empty();
    private Optional<Duration> loginGraceTime = Optional.empty();
    private Optional<String> banner = Optional.empty();
    private Optional<Boolean> permitEmptyPasswords = Optional.empty();
    private Optional<AlgorithmSpec> ciphers = Optional.empty();
    private Optional<AlgorithmSpec> macs = Optional.empty();
    private Optional<AlgorithmSpec> kex = Optional.empty();
    private Optional<AlgorithmSpec> hostKey = Optional.empty();
    private Optional<AlgorithmSpec> pubkey = Optional.empty();
    private final List<String> allowUsers = new ArrayList<>();
    private final List<String> denyUsers = new ArrayList<>();
    private final List<String> allowGroups = new ArrayList<>();
    private final List<String> denyGroups = new ArrayList<>();
    private Optional<Boolean> noneEnabled = Optional.empty();
    private Optional<Boolean> allowAgentForwarding = Optional.empty();
    private Optional<Boolean> useDns = Optional.empty();
    private Optional<Boolean> printMotd = Optional.empty();
    private Optional<PenaltyRules> perSourcePenalties = Optional.empty();
    private Optional<Integer> perSourceMaxStartups = Optional.empty();
    private Optional<NetBlockSize> perSourceNetBlockSize = Optional.empty();
    private final List<String> penaltyExemptions = new ArrayList<>();
    private Optional<List<String>> authorizedKeysFile = Optional.empty();
    private Optional<AuxFile> trustedUserCaKeys = Optional.empty();
    private Optional<String> authorizedPrincipalsFile = Optional.empty();
    private Optional<AuxFile> revokedKeys = Optional.empty();
    private final List<MatchBlock> matches = new ArrayList<>();
    private MatchBuilder currentMatch;

    private AuxParametersParser(SupportedAlgorithms supported, Map<String, String> settingKeywords) {
        this.supported = supported;
        this.settingKeywords = settingKeywords;
    }

    /** Parses and validates; throws {@link AuxParameterException} naming the first bad line. */
    public static AuxParameters parse(String text, SupportedAlgorithms supported) {
        return parse(text, supported, Map.of());
    }

    /**
     * As {@link #parse(String, SupportedAlgorithms)}, refusing at the top level the sshd_config keywords
     * that are SSH settings here ({@code settingKeywords}: lower-case keyword to the {@code ssh set} option
     * that sets it), so that a value is never set in two places.
     */
    public static AuxParameters parse(String text, SupportedAlgorithms supported, Map<String, String> settingKeywords) {
        return new AuxParametersParser(supported, settingKeywords).run(text == null ? "" : text);
    }

    private AuxParameters run(String text) {
        if (text.length() > MAX_CHARS) {
            throw new AuxParameterException(0, "the text is " + text.length() + " characters; at most " + MAX_CHARS
                    + " are accepted");
        }
        String[] lines = text.split("\r?\n", -1);
        if (lines.length > MAX_LINES) {
            throw new AuxParameterException(MAX_LINES + 1, "at most " + MAX_LINES + " lines are accepted");
        }
        for (String raw : lines) {
            lineNo++;
            if (raw.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f || c == 0xfffd)) {
                throw new AuxParameterException(lineNo, "control characters or bytes that are not UTF-8 are not allowed");
            }
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> tokens = tokenize(line);
            String keyword = tokens.get(0).toLowerCase(Locale.ROOT);
            List<String> args = tokens.subList(1, tokens.size());
            if (keyword.equals("match")) {
                startMatch(args);
            } else if (currentMatch != null) {
                currentMatch.set(keyword, tokens.get(0), args);
            } else {
                global(keyword, tokens.get(0), args);
            }
        }
        finishMatch();
        return new AuxParameters(clientAliveInterval, clientAliveCountMax, maxStartups, maxAuthTries, maxSessions,
                loginGraceTime, banner, permitEmptyPasswords, ciphers, macs, kex, hostKey, pubkey, allowUsers, denyUsers,
                allowGroups, denyGroups, noneEnabled, allowAgentForwarding, useDns, printMotd, matches,
                perSourcePenalties, new PatternList(penaltyExemptions), authorizedKeysFile, perSourceMaxStartups,
                perSourceNetBlockSize, trustedUserCaKeys, authorizedPrincipalsFile, revokedKeys);
    }

    private void global(String keyword, String spelled, List<String> args) {
        String setting = settingKeywords.get(keyword);
        if (setting != null) {
            throw error(MATCH_ONLY.contains(keyword)
                    ? spelled + " is accepted only inside a Match block here; its global value is an SSH setting:"
                            + " ssh set " + setting
                    : spelled + " is an SSH setting, not an auxiliary parameter: set it with 'ssh set " + setting + "'");
        }
        switch (keyword) {
            case "allowusers", "denyusers", "allowgroups", "denygroups" -> {
                if (args.isEmpty()) {
                    throw error(spelled + " needs at least one pattern");
                }
                for (String a : args) {
                    if (keyword.endsWith("users") && a.contains("@")) {
                        AddressPattern.check(a.substring(a.indexOf('@') + 1));
                    }
                }
                (switch (keyword) {
                    case "allowusers" -> allowUsers;
                    case "denyusers" -> denyUsers;
                    case "allowgroups" -> allowGroups;
                    default -> denyGroups;
                }).addAll(args);
                return;
            }
            case "persourcepenalties" -> {
                once(keyword, spelled);
                perSourcePenalties = Optional.of(wrap(spelled, () -> PenaltyRules.parse(args, v -> time(spelled, v))));
                return;
            }
            case "persourcepenaltyexemptlist" -> {
                once(keyword, spelled);
                PatternList list = PatternList.parse(single(spelled, args));
                list.patterns().forEach(p -> wrap(spelled, () -> {
                    AddressPattern.check(p);
                    return p;
                }));
                penaltyExemptions.addAll(list.patterns());
                return;
            }
            case "authorizedkeysfile" -> {
                once(keyword, spelled);
                authorizedKeysFile = Optional.of(authorizedKeysFiles(spelled, args));
                return;
            }
            default -> once(keyword, spelled);
        }
        String value = single(spelled, args);
        switch (keyword) {
            case "clientaliveinterval" -> clientAliveInterval = Optional.of(time(spelled, value));
            case "clientalivecountmax" -> clientAliveCountMax = Optional.of(number(spelled, value, 0, 1000));
            case "maxstartups" -> maxStartups = Optional.of(wrap(spelled, () -> MaxStartups.parse(value)));
            case "persourcemaxstartups" -> perSourceMaxStartups = Optional.of(value.equalsIgnoreCase("none")
                    ? AuxParameters.NO_PER_SOURCE_LIMIT : number(spelled, value, 1, 100_000));
            case "persourcenetblocksize" -> perSourceNetBlockSize = Optional.of(wrap(spelled, () -> NetBlockSize.parse(value)));
            case "maxauthtries" -> maxAuthTries = Optional.of(number(spelled, value, 1, 100));
            case "maxsessions" -> maxSessions = Optional.of(number(spelled, value, 0, 1000));
            case "logingracetime" -> loginGraceTime = Optional.of(time(spelled, value));
            case "banner" -> banner = Optional.of(bannerPath(value));
            case "permitemptypasswords" -> permitEmptyPasswords = Optional.of(yesNo(spelled, value));
            case "ciphers" -> ciphers = Optional.of(algorithms(spelled, value, s -> s.ciphers()));
            case "macs" -> macs = Optional.of(algorithms(spelled, value, s -> s.macs()));
            case "kexalgorithms" -> kex = Optional.of(algorithms(spelled, value, s -> s.kex()));
            case "hostkeyalgorithms" -> hostKey = Optional.of(algorithms(spelled, value, s -> s.hostKey()));
            case "pubkeyacceptedalgorithms", "pubkeyacceptedkeytypes" ->
                    pubkey = Optional.of(algorithms(spelled, value, s -> s.pubkey()));
            case "trustedusercakeys" -> trustedUserCaKeys = absoluteFile(spelled, value);
            case "revokedkeys" -> revokedKeys = absoluteFile(spelled, value);
            case "authorizedprincipalsfile" -> authorizedPrincipalsFile = principalsFile(spelled, value);
            case "noneenabled" -> noneEnabled = Optional.of(yesNo(spelled, value));
            case "allowagentforwarding" -> allowAgentForwarding = Optional.of(yesNo(spelled, value));
            case "usedns" -> useDns = Optional.of(yesNo(spelled, value));
            case "printmotd" -> printMotd = Optional.of(yesNo(spelled, value));
            case "permittunnel" -> onlyNo(spelled, value, "Portcullis does not forward tun devices");
            case "x11forwarding" -> onlyNo(spelled, value, "Portcullis does not forward X11");
            case "passwordauthentication", "allowtcpforwarding", "forcecommand", "chrootdirectory" ->
                    throw error(spelled + " is accepted only inside a Match block here; use the SSH settings fields"
                            + " for the global value");
            default -> throw error("unknown keyword '" + spelled + "'; supported: ClientAliveInterval,"
                    + " ClientAliveCountMax, MaxStartups, MaxAuthTries, MaxSessions, LoginGraceTime, Banner,"
                    + " PermitEmptyPasswords, Ciphers, MACs, KexAlgorithms, HostKeyAlgorithms, PubkeyAcceptedAlgorithms,"
                    + " AllowUsers, DenyUsers, AllowGroups, DenyGroups, NoneEnabled, AllowAgentForwarding, PermitTunnel,"
                    + " X11Forwarding, UseDNS, PrintMotd, PerSourcePenalties, PerSourcePenaltyExemptList, PerSourceMaxStartups,"
                    + " PerSourceNetBlockSize, AuthorizedKeysFile, TrustedUserCAKeys, AuthorizedPrincipalsFile, RevokedKeys,"
                    + " Match");
        }
    }

    private void startMatch(List<String> args) {
        finishMatch();
        if (args.isEmpty()) {
            throw error("Match needs criteria: User, Group or Address with patterns, or All");
        }
        List<MatchBlock.Criterion> criteria = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String kind = args.get(i).toLowerCase(Locale.ROOT);
            if (kind.equals("all")) {
                if (args.size() != 1) {
                    throw error("Match All cannot be combined with other criteria");
                }
                criteria.add(new MatchBlock.Criterion("all", PatternList.parse("*")));
                continue;
            }
            if (!List.of("user", "group", "address").contains(kind)) {
                throw error("Match criterion '" + args.get(i) + "' is not supported; use User, Group, Address or All");
            }
            if (i + 1 >= args.size()) {
                throw error("Match " + args.get(i) + " needs a pattern list");
            }
            PatternList patterns = PatternList.parse(args.get(++i));
            if (patterns.patterns().isEmpty()) {
                throw error("Match " + args.get(i - 1) + " needs a pattern list");
            }
            if (kind.equals("address")) {
                patterns.patterns().forEach(p -> wrap("Match Address", () -> {
                    AddressPattern.check(p);
                    return p;
                }));
            }
            criteria.add(new MatchBlock.Criterion(kind, patterns));
        }
        currentMatch = new MatchBuilder(lineNo, criteria);
    }

    private void finishMatch() {
        if (currentMatch != null) {
            matches.add(currentMatch.build());
            currentMatch = null;
        }
    }

    /** Collects one Match block's settings. */
    private final class MatchBuilder {
        private final int line;
        private final List<MatchBlock.Criterion> criteria;
        private final Map<String, Integer> seen = new HashMap<>();
        private Optional<Boolean> passwordAuthentication = Optional.empty();
        private Optional<Boolean> allowTcpForwarding = Optional.empty();
        private boolean forceInternalSftp;
        private Optional<String> chroot = Optional.empty();

        MatchBuilder(int line, List<MatchBlock.Criterion> criteria) {
            this.line = line;
            this.criteria = criteria;
        }

        void set(String keyword, String spelled, List<String> args) {
            if (seen.putIfAbsent(keyword, lineNo) != null) {
                throw error(spelled + " is already set in this Match block on line " + seen.get(keyword));
            }
            switch (keyword) {
                case "passwordauthentication" -> passwordAuthentication = Optional.of(yesNo(spelled, single(spelled, args)));
                case "allowtcpforwarding" -> allowTcpForwarding = Optional.of(forwarding(spelled, single(spelled, args)));
                case "forcecommand" -> {
                    if (args.size() != 1 || !args.get(0).equals("internal-sftp")) {
                        throw error("ForceCommand supports only 'internal-sftp' (SFTP only, served in-process)");
                    }
                    forceInternalSftp = true;
                }
                case "chrootdirectory" -> chroot = Optional.of(chrootPath(single(spelled, args)));
                default -> throw error(spelled + " is not allowed inside a Match block; allowed: PasswordAuthentication,"
                        + " AllowTcpForwarding, ForceCommand internal-sftp, ChrootDirectory (line " + line
                        + " opened the block)");
            }
        }

        MatchBlock build() {
            return new MatchBlock(line, criteria, passwordAuthentication, allowTcpForwarding, forceInternalSftp, chroot);
        }
    }

    // ---- values ------------------------------------------------------------------------------

    private void once(String keyword, String spelled) {
        Integer previous = seenOn.putIfAbsent(keyword, lineNo);
        if (previous != null) {
            throw error(spelled + " is already set on line " + previous + "; keep one of the two lines");
        }
    }

    private String single(String spelled, List<String> args) {
        if (args.size() != 1) {
            throw error(spelled + " takes exactly one value");
        }
        return args.get(0);
    }

    private boolean yesNo(String spelled, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw error(spelled + " must be yes or no, not '" + value + "'");
        };
    }

    private boolean forwarding(String spelled, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "all" -> true;
            case "no" -> false;
            default -> throw error(spelled + " must be yes, all or no, not '" + value + "'");
        };
    }

    private void onlyNo(String spelled, String value, String why) {
        if (!value.equalsIgnoreCase("no")) {
            throw error(spelled + " supports only 'no': " + why);
        }
    }

    private int number(String spelled, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(spelled + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }

    /** sshd_config TIME FORMATS ({@link TimeFormat}). */
    private Duration time(String spelled, String value) {
        try {
            return TimeFormat.parse(value);
        } catch (IllegalArgumentException e) {
            throw error(spelled + " " + e.getMessage());
        }
    }

    private String bannerPath(String value) {
        if (value.equalsIgnoreCase("none")) {
            return "none";
        }
        Path path = Path.of(value);
        if (!path.isAbsolute()) {
            throw error("Banner must be 'none' or an absolute path, not '" + value + "'");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw error("Banner file " + value + " does not exist or is not readable");
        }
        return value;
    }

    /** One or more files, or {@code none}; the only tokens are OpenSSH's %h, %u and %%. */
    private List<String> authorizedKeysFiles(String spelled, List<String> args) {
        if (args.isEmpty()) {
            throw error(spelled + " needs a file (relative to the home, e.g. .ssh/authorized_keys) or none");
        }
        if (args.size() == 1 && args.get(0).equalsIgnoreCase("none")) {
            return List.of();
        }
        for (String file : args) {
            if (file.replace("%%", "").replace("%h", "").replace("%u", "").contains("%")) {
                throw error(spelled + " '" + file + "': the only tokens are %h (the home), %u (the user name) and %%");
            }
            if (List.of(file.split("/")).contains("..")) {
                throw error(spelled + " '" + file + "' must not contain '..'");
            }
        }
        return List.copyOf(args);
    }

    /**
     * TrustedUserCAKeys and RevokedKeys: {@code none} or an absolute path. Only the syntax is checked here, at
     * every parse; what the file holds is checked when the line is saved and read at each login, so a file
     * spoiled since never stops the service or the other settings.
     */
    private Optional<AuxFile> absoluteFile(String spelled, String value) {
        if (value.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        if (!value.startsWith("/") || List.of(value.split("/")).contains("..")) {
            throw error(spelled + " must be 'none' or an absolute path without '..', not '" + value + "'");
        }
        return Optional.of(new AuxFile(Path.of(value), lineNo));
    }

    /** {@code none}, or a file with OpenSSH's %h, %u and %%, absolute or relative to the home; no wildcards. */
    private Optional<String> principalsFile(String spelled, String value) {
        if (value.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        if (value.replace("%%", "").replace("%h", "").replace("%u", "").contains("%")) {
            throw error(spelled + " '" + value + "': the only tokens are %h (the home), %u (the user name) and %%");
        }
        if (value.matches(".*[*?\\[].*")) {
            throw error(spelled + " '" + value + "': wildcards are not supported here; name one file, e.g."
                    + " /etc/portcullis/principals/%u or .ssh/authorized_principals");
        }
        if (List.of(value.split("/")).contains("..")) {
            throw error(spelled + " '" + value + "' must not contain '..'");
        }
        return Optional.of(value);
    }

    private String chrootPath(String value) {
        if (value.equalsIgnoreCase("none")) {
            return "none";
        }
        if (!value.startsWith("/") && !value.startsWith("%h")) {
            throw error("ChrootDirectory must be an absolute path, %h (the home), or none; not '" + value + "'");
        }
        if (List.of(value.split("/")).contains("..")) {
            throw error("ChrootDirectory must not contain '..'");
        }
        return value;
    }

    private AlgorithmSpec algorithms(String spelled, String value,
                                     java.util.function.Function<SupportedAlgorithms, List<String>> list) {
        AlgorithmSpec spec = wrap(spelled, () -> AlgorithmSpec.parse(value));
        if (supported != null) {
            wrap(spelled, () -> spec.apply(list.apply(supported), list.apply(supported)));
        }
        return spec;
    }

    private <T> T wrap(String spelled, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (AuxParameterException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw error(spelled + ": " + e.getMessage());
        }
    }

    private AuxParameterException error(String message) {
        return new AuxParameterException(lineNo, message);
    }

    /** Splits on white space or one '=', keeping double-quoted arguments together. */
    private List<String> tokenize(String line) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean equalsUsed = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                continue;
            }
            // "Keyword value", "Keyword=value" and "Keyword = value" are all sshd_config syntax
            boolean keywordEquals = c == '=' && !equalsUsed && tokens.size() + (current.length() > 0 ? 1 : 0) == 1;
            boolean separator = !quoted && (Character.isWhitespace(c) || keywordEquals);
            if (keywordEquals) {
                equalsUsed = true;
            }
            if (separator) {
                if (current.length() > 0) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw error("unbalanced double quote");
        }
        if (current.length() > 0) {
            tokens.add(current.toString());
        }
        return tokens;
    }
}
