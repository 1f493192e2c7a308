package io.portcullis.files;

import java.io.IOException;
import org.apache.sshd.common.PropertyResolver;
import org.apache.sshd.common.PropertyResolverUtils;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.springframework.stereotype.Component;

/**
 * SFTP and SCP served inside the appliance by Apache MINA SSHD, never by an external program. Both see
 * the session's file system, which the server gets from {@link HomeJailFileSystemFactory}.
 */
@Component
public class FileTransfers {

    /** What OpenSSH's sftp asks for (255 KiB); MINA's default of 63 KiB quadruples the requests. */
    public static final int MAX_READ_LENGTH = 261_120;

    private final SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder()
            .withSftpErrorStatusDataHandler(PortcullisSftpSubsystem.STATUS_MESSAGES).build();
    private final IdNames names;

    public FileTransfers(IdNames names) {
        this.names = names;
    }

    /**
     * The settings the SFTP server reads from the SSH server it runs in; the handle limit is also what
     * limits@openssh.com reports as max-open-handles. A written file is not fsync'ed at close, as OpenSSH's
     * sftp-server does not (MINA does by default: a disk flush per uploaded file); a client that wants it
     * asks with fsync@openssh.com ({@code sftp put -f}), which is served.
     */
    public static void configure(PropertyResolver server) {
        SftpModuleProperties.MAX_READDATA_PACKET_LENGTH.set(server, MAX_READ_LENGTH);
        SftpModuleProperties.MAX_OPEN_HANDLES_PER_SESSION.set(server, PortcullisSftpSubsystem.MAX_OPEN_HANDLES);
        PropertyResolverUtils.updateProperty(server, SftpFileSystemAccessor.PROP_AUTO_SYNC_FILE_ON_CLOSE, false);
    }

    /** The {@code sftp} subsystem for one channel, its operations written to {@code log}. */
    public Command sftp(ChannelSession channel, TransferLog log) throws IOException {
        PortcullisSftpSubsystem subsystem = new PortcullisSftpSubsystem(channel, sftp, names);
        subsystem.addSftpEventListener(new SftpOperationLog(log));
        return subsystem;
    }

    /** MINA's scp server for a request {@link ScponlyCommandFilter} accepted, its files written to {@code log}. */
    public Command scp(ChannelSession channel, ScpRequest request, TransferLog log) {
        return new JailedScpCommand(channel, request, new ScpOperationLog(log));
    }
}
