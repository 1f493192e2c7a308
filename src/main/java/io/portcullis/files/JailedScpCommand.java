package io.portcullis.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessMode;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.GenericUtils;
import org.apache.sshd.scp.common.ScpException;
import org.apache.sshd.scp.common.ScpFileOpener;
import org.apache.sshd.scp.common.ScpHelper;
import org.apache.sshd.scp.common.ScpSourceStreamResolver;
import org.apache.sshd.scp.common.ScpTransferEventListener;
import org.apache.sshd.scp.common.helpers.DefaultScpFileOpener;
import org.apache.sshd.scp.common.helpers.ScpAckInfo;
import org.apache.sshd.scp.server.ScpCommand;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * MINA's scp server for one filtered request. MINA parses the flags from a command line it is given
 * and takes "the rest of the line" as the path, stripping quotes; so it gets a line with the checked
 * flags only, and the path, already unquoted by the filter, is set here exactly. A download sends what
 * the request names, its wildcards expanded inside the jail ({@link ScpGlob}); MINA's own download would
 * take any {@code *} in a name, even a quoted one, as a wildcard.
 */
final class JailedScpCommand extends ScpCommand {

    /** MINA's default of 8 KiB makes four writes per 32 KiB channel packet; 64 KiB makes large uploads faster. */
    static final int BUFFER_SIZE = 64 * 1024;

    private final ScpRequest request;

    JailedScpCommand(ChannelSession channel, ScpRequest request, ScpTransferEventListener events) {
        super(channel, request.flagsCommand(), null, BUFFER_SIZE, BUFFER_SIZE, ReadableFirst.INSTANCE, events);
        this.request = request;
        this.path = request.path();
    }

    /** Uploads as {@link Upload} takes them, downloads as {@link Download} sends them, failures reported as MINA does. */
    @Override
    public void run() {
        int status = ScpAckInfo.OK;
        String message = "";
        try {
            if (request.receive()) {
                Upload upload = new Upload(getServerSession(), getInputStream(), getOutputStream(), fileSystem, opener,
                        listener);
                upload.receive(getCommand(), upload.resolveLocalPath(path), optR, optD, optP, receiveBufferSize);
            } else {
                new Download(getServerSession(), getInputStream(), getOutputStream(), fileSystem, opener, listener)
                        .send(request, optR, optP, sendBufferSize);
            }
        } catch (IOException e) {
            Integer code = e instanceof ScpException scp ? scp.getExitStatus() : null;
            status = code == null || code == ScpAckInfo.OK || code == ScpAckInfo.WARNING ? ScpAckInfo.ERROR : code;
            message = GenericUtils.trimToEmpty(e.getMessage());
            try {
                writeCommandResponseMessage(getCommand(), status, message);
            } catch (IOException gone) {
                // the client went away; the exit status is all that is left to send
            }
        } finally {
            if (getExitCallback() != null) {
                getExitCallback().onExit(status, message);
            }
        }
    }

    /**
     * MINA's receiving side, taking the end of input after a whole file as the end of the upload: libssh2
     * (curl's {@code scp://}, PHP's ssh2) sends a file's data and then EOF, without the status byte that
     * OpenSSH's scp sends after it, and MINA failed the finished upload with an error in the log.
     */
    private static final class Upload extends ScpHelper {
        Upload(Session session, InputStream in, OutputStream out, FileSystem fileSystem, ScpFileOpener opener,
               ScpTransferEventListener listener) {
            super(session, in, out, fileSystem, opener, listener);
        }

        /** Receiving, MINA needs an acknowledgement only after a file's data, which has all arrived by then. */
        @Override
        public ScpAckInfo readAck(boolean canEof) throws IOException {
            ScpAckInfo ack = super.readAck(true);
            return ack != null || canEof ? ack : ScpAckInfo.OK_ACK_INFO;
        }
    }

    /** MINA's sending side, given the paths one by one once the client is ready, as OpenSSH's {@code scp -f}. */
    private static final class Download extends ScpHelper {
        Download(Session session, InputStream in, OutputStream out, FileSystem fileSystem, ScpFileOpener opener,
                 ScpTransferEventListener listener) {
            super(session, in, out, fileSystem, opener, listener);
        }

        void send(ScpRequest request, boolean recursive, boolean preserve, int bufferSize) throws IOException {
            readAndValidateOperationAck("send", "Paths");
            List<Path> paths;
            if (request.glob().isPresent()) {
                paths = request.glob().get().expand(fileSystem.getPath("").toAbsolutePath());
                if (paths.isEmpty()) {
                    throw new ScpException("scp: " + request.path() + ": No such file or directory", ScpAckInfo.ERROR);
                }
            } else {
                paths = List.of(resolveLocalPath(request.path()));
            }
            for (Path file : paths) {
                send(file, recursive, preserve, bufferSize); // following links, as MINA does: the jail holds either way
            }
        }
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
