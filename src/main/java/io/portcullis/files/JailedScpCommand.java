package io.portcullis.files;

import java.io.IOException;
import java.nio.file.AccessMode;
import java.nio.file.Path;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.scp.common.ScpSourceStreamResolver;
import org.apache.sshd.scp.common.ScpTransferEventListener;
import org.apache.sshd.scp.common.helpers.DefaultScpFileOpener;
import org.apache.sshd.scp.server.ScpCommand;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * MINA's scp server for one filtered request. MINA parses the flags from a command line it is given
 * and takes "the rest of the line" as the path, stripping quotes; so it gets a line with the checked
 * flags only, and the path, already unquoted by the filter, is set here exactly.
 */
final class JailedScpCommand extends ScpCommand {

    /** MINA's default of 8 KiB makes four writes per 32 KiB channel packet; 64 KiB makes large uploads faster. */
    static final int BUFFER_SIZE = 64 * 1024;

    JailedScpCommand(ChannelSession channel, ScpRequest request, ScpTransferEventListener events) {
        super(channel, request.flagsCommand(), null, BUFFER_SIZE, BUFFER_SIZE, ReadableFirst.INSTANCE, events);
        this.path = request.path();
    }

    /**
     * MINA announces a file (its name and size) before opening it, so a file the account may not read
     * left an empty copy on the client; as OpenSSH's scp, the access is checked first and refused alone.
     */
    private static final class ReadableFirst extends DefaultScpFileOpener {
        static final ReadableFirst INSTANCE = new ReadableFirst();

        @Override
        public ScpSourceStreamResolver createScpSourceStreamResolver(Session session, Path path) throws IOException {
            path.getFileSystem().provider().checkAccess(path, AccessMode.READ);
            return super.createScpSourceStreamResolver(session, path);
        }
    }
}
