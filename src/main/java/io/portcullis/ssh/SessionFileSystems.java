package io.portcullis.ssh;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.User;
import io.portcullis.files.HomeJailFileSystemFactory;
import io.portcullis.settings.SshConfiguration;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.springframework.stereotype.Component;

/**
 * The jail SFTP and SCP see for a session: the account's home, as "/" or at its real path as the account's
 * shell decides ({@link AccountShell#showsHomeAtItsPath}), or, as "/", the ChrootDirectory of the first
 * Match block that sets one for this account and address (read when the transfer starts).
 */
@Component
public class SessionFileSystems implements FileSystemFactory {

    private final Accounts accounts;
    private final SshConfiguration configuration;
    private final HomeJailFileSystemFactory homes;
    private final AccountShells shells;

    public SessionFileSystems(Accounts accounts, SshConfiguration configuration, HomeJailFileSystemFactory homes,
                              AccountShells shells) {
        this.accounts = accounts;
        this.configuration = configuration;
        this.homes = homes;
        this.shells = shells;
    }

    @Override
    public Path getUserHomeDir(SessionContext session) throws IOException {
        User user = accounts.require(session.getUsername());
        return chroot(user, session).orElseGet(() -> accounts.homeOf(user));
    }

    @Override
    public FileSystem createFileSystem(SessionContext session) throws IOException {
        User user = accounts.require(session.getUsername());
        Optional<Path> chroot = chroot(user, session);
        return chroot.isPresent() ? homes.chroot(user, chroot.get())
                : homes.home(user, shells.of(user).map(AccountShell::showsHomeAtItsPath).orElse(false));
    }

    private Optional<Path> chroot(User user, SessionContext session) {
        String address = session instanceof Session s ? SshSessions.address(s) : "";
        return MatchedSettings.of(configuration.savedAux(), user, address).chrootDirectory()
                .map(template -> expand(template, user, accounts.homeOf(user)));
    }

    /** sshd_config's tokens: %h the home, %u the user name, %% a percent sign. */
    static Path expand(String template, User user, Path home) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '%' && i + 1 < template.length()) {
                char token = template.charAt(++i);
                switch (token) {
                    case 'h' -> out.append(home.toAbsolutePath());
                    case 'u' -> out.append(user.username());
                    case '%' -> out.append('%');
                    default -> out.append('%').append(token);
                }
            } else {
                out.append(c);
            }
        }
        return Path.of(out.toString()).normalize();
    }
}
