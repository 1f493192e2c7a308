package io.portcullis.settings.sshdconfig;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The administrator's auxiliary sshd_config(5) lines (SPEC §3), parsed and validated. Fields left out
 * keep OpenSSH's defaults, given by the accessors; TrustedUserCAKeys, AuthorizedPrincipalsFile and RevokedKeys
 * are empty for OpenSSH's {@code none} (without a principals file a certificate must name the user).
 */
public record AuxParameters(
        Optional<Duration> clientAliveInterval,
        Optional<Integer> clientAliveCountMax,
        Optional<MaxStartups> maxStartups,
        Optional<Integer> maxAuthTries,
        Optional<Integer> maxSessions,
        Optional<Duration> loginGraceTime,
        Optional<String> banner,
        Optional<Boolean> permitEmptyPasswords,
        Optional<AlgorithmSpec> ciphers,
        Optional<AlgorithmSpec> macs,
        Optional<AlgorithmSpec> kexAlgorithms,
        Optional<AlgorithmSpec> hostKeyAlgorithms,
        Optional<AlgorithmSpec> pubkeyAcceptedAlgorithms,
        List<String> allowUsers,
        List<String> denyUsers,
        List<String> allowGroups,
        List<String> denyGroups,
        Optional<Boolean> noneEnabled,
        Optional<Boolean> allowAgentForwarding,
        Optional<Boolean> useDns,
        Optional<Boolean> printMotd,
        List<MatchBlock> matches,
        Optional<PenaltyRules> perSourcePenalties,
        PatternList perSourcePenaltyExemptList,
        Optional<List<String>> authorizedKeysFile,
        Optional<Integer> perSourceMaxStartups,
        Optional<NetBlockSize> perSourceNetBlockSize,
        Optional<AuxFile> trustedUserCaKeys,
        Optional<String> authorizedPrincipalsFile,
        Optional<AuxFile> revokedKeys) {

    /** {@code PerSourceMaxStartups none}, as OpenSSH writes it (INT_MAX). */
    public static final int NO_PER_SOURCE_LIMIT = Integer.MAX_VALUE;

    public static final AuxParameters NONE = AuxParametersParser.parse("", AuxParametersParser.ANY_ALGORITHM);

    /** OpenSSH: 0 = no keep-alive probes. */
    public Duration clientAliveIntervalOrDefault() {
        return clientAliveInterval.orElse(Duration.ZERO);
    }

    public int clientAliveCountMaxOrDefault() {
        return clientAliveCountMax.orElse(3);
    }

    public MaxStartups maxStartupsOrDefault() {
        return maxStartups.orElse(MaxStartups.DEFAULT);
    }

    public int maxAuthTriesOrDefault() {
        return maxAuthTries.orElse(6);
    }

    public int maxSessionsOrDefault() {
        return maxSessions.orElse(10);
    }

    public Duration loginGraceTimeOrDefault() {
        return loginGraceTime.orElse(Duration.ofSeconds(120));
    }

    public boolean permitEmptyPasswordsOrDefault() {
        return permitEmptyPasswords.orElse(false);
    }

    /** HPN-SSH's NoneEnabled: when absent the NONE weak cipher setting alone decides. */
    public boolean noneEnabledOrDefault() {
        return noneEnabled.orElse(true);
    }

    /**
     * OpenSSH's default, yes (SPEC §3): the client must ask for it ({@code ssh -A}), and the socket it gets
     * is the account's alone. {@code AllowAgentForwarding no} turns it off for everyone.
     */
    public boolean allowAgentForwardingOrDefault() {
        return allowAgentForwarding.orElse(true);
    }

    public boolean useDnsOrDefault() {
        return useDns.orElse(false);
    }

    public boolean printMotdOrDefault() {
        return printMotd.orElse(true);
    }

    /**
     * The files in each home whose keys are honoured besides the database's, as OpenSSH's AuthorizedKeysFile
     * ({@code %h}, {@code %u}, {@code %%}; relative to the home); default {@code .ssh/authorized_keys}, none
     * for {@code none}.
     */
    public List<String> authorizedKeysFileOrDefault() {
        return authorizedKeysFile.orElse(List.of(".ssh/authorized_keys"));
    }

    /**
     * How many unauthenticated connections one address block may have at once, and how many of them count
     * toward MaxStartups. OpenSSH has no per-source limit by default, so 98 connections from one address held
     * every MaxStartups slot. Here, unless PerSourceMaxStartups says otherwise, one block may have MaxStartups'
     * {@code start} (10), as many as a client opening connections in parallel (rclone, lftp's mirror) needs,
     * but only half of them count toward the random drops: one address can then never bring everybody else
     * to the point where MaxStartups starts dropping. A PerSourceMaxStartups N is OpenSSH's: at most N, all
     * counted.
     */
    public SourceShare perSourceStartupsOrDefault() {
        if (perSourceMaxStartups.isPresent()) {
            return new SourceShare(perSourceMaxStartups.get(), perSourceMaxStartups.get());
        }
        int start = maxStartupsOrDefault().start();
        return new SourceShare(start, Math.max(1, start / 2));
    }

    /** At most {@code limit} pending from one block, of which at most {@code counted} count toward MaxStartups. */
    public record SourceShare(int limit, int counted) {
    }

    public NetBlockSize perSourceNetBlockSizeOrDefault() {
        return perSourceNetBlockSize.orElse(NetBlockSize.DEFAULT);
    }

    public PenaltyRules perSourcePenaltiesOrDefault() {
        return perSourcePenalties.orElse(PenaltyRules.DEFAULT);
    }
}
