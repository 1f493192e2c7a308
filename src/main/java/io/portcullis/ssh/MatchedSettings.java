package io.portcullis.ssh;

import io.portcullis.accounts.User;
import io.portcullis.settings.sshdconfig.AuxParameters;
import io.portcullis.settings.sshdconfig.MatchBlock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the {@code Match} blocks that apply to one account from one address override. As in OpenSSH,
 * for each keyword the first matching block that sets it wins, so a later block cannot undo an earlier one.
 */
public record MatchedSettings(Optional<Boolean> passwordAuthentication, Optional<Boolean> allowTcpForwarding,
                              boolean forceInternalSftp, Optional<String> chrootDirectory) {

    public static MatchedSettings of(AuxParameters aux, User user, String address) {
        List<MatchBlock> blocks = LoginPolicy.firstMatching(aux, user, address);
        return new MatchedSettings(
                first(blocks, MatchBlock::passwordAuthentication),
                first(blocks, MatchBlock::allowTcpForwarding),
                blocks.stream().anyMatch(MatchBlock::forceInternalSftp),
                first(blocks, MatchBlock::chrootDirectory).filter(c -> !c.equalsIgnoreCase("none")));
    }

    /**
     * SFTP is all such a session may do: ForceCommand internal-sftp says so, and a ChrootDirectory jails
     * file transfer only (a login shell cannot be chrooted here), so shells and commands are refused too.
     */
    public boolean sftpOnly() {
        return forceInternalSftp || chrootDirectory.isPresent();
    }

    private static <T> Optional<T> first(List<MatchBlock> blocks, Function<MatchBlock, Optional<T>> keyword) {
        return blocks.stream().map(keyword).flatMap(Optional::stream).findFirst();
    }
}
