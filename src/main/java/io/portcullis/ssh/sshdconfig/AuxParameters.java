package io.portcullis.ssh.sshdconfig;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The administrator's auxiliary sshd_config(5) lines (SPEC §3), parsed and validated. Fields left out
 * keep OpenSSH's defaults, given by the accessors.
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
        Optional<NetBlockSize> perSourceNetBlockSize) {

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
     * OpenSSH has no per-source limit by default, so 98 connections from one address held every
     * MaxStartups slot. Here one address (block) may hold at most half of MaxStartups' {@code start},
     * the point where random drops begin: what is left keeps everybody else's logins below it, and a
     * raised MaxStartups (as bench/run sets) raises this with it.
     */
    public int perSourceMaxStartupsOrDefault() {
        return perSourceMaxStartups.orElse(Math.max(1, maxStartupsOrDefault().start() / 2));
    }

    public NetBlockSize perSourceNetBlockSizeOrDefault() {
        return perSourceNetBlockSize.orElse(NetBlockSize.DEFAULT);
    }

    public PenaltyRules perSourcePenaltiesOrDefault() {
        return perSourcePenalties.orElse(PenaltyRules.DEFAULT);
    }
}
