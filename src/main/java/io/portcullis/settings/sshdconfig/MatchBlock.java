package io.portcullis.settings.sshdconfig;

import java.util.List;
import java.util.Optional;

/**
 * A {@code Match User|Group|Address} block: its criteria (all must hold) and the settings it
 * overrides for connections that match.
 */
public record MatchBlock(int line, List<Criterion> criteria, Optional<Boolean> passwordAuthentication,
                         Optional<Boolean> allowTcpForwarding, boolean forceInternalSftp,
                         Optional<String> chrootDirectory) {

    /** One criterion of a Match line. */
    public record Criterion(String kind, PatternList patterns) {
        boolean holds(String user, List<String> groups, String address) {
            return switch (kind) {
                case "all" -> true;
                case "user" -> patterns.matches(user);
                case "group" -> groups.stream().anyMatch(patterns::matches)
                        && groups.stream().noneMatch(g -> patterns.patterns().stream()
                                .anyMatch(p -> p.startsWith("!") && PatternList.wildcardMatches(p.substring(1), g)));
                case "address" -> AddressPattern.listMatches(patterns, address);
                default -> false;
            };
        }
    }

    public boolean matches(String user, List<String> groups, String address) {
        return criteria.stream().allMatch(c -> c.holds(user, groups, address));
    }
}
