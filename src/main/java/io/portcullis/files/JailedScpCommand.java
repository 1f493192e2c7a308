package io.portcullis.files;

import org.apache.sshd.scp.common.ScpHelper;
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

    JailedScpCommand(ChannelSession channel, ScpRequest request) {
        super(channel, request.flagsCommand(), null, ScpHelper.DEFAULT_SEND_BUFFER_SIZE,
                ScpHelper.DEFAULT_RECEIVE_BUFFER_SIZE, DefaultScpFileOpener.INSTANCE, ScpTransferEventListener.EMPTY);
        this.path = request.path();
    }
}
