package io.portcullis.ssh;

import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * The packet lengths of a connection before its first key exchange, checked as they arrive. MINA answers
 * a bad length by reading on and failing later (a CBC counter-measure), which keeps an unencrypted
 * connection open until LoginGraceTime and its MaxStartups slot taken; OpenSSH closes at once unless a
 * CBC cipher is in use (packet.c, "Bad packet length"), and so does this.
 */
final class PlaintextPacketLengths {

    /** MINA's own bounds, so that nothing it would take is refused here. */
    static final long MIN = SshConstants.SSH_PACKET_HEADER_LEN;
    static final long MAX = 8L * SshConstants.SSH_REQUIRED_PAYLOAD_PACKET_LENGTH_SUPPORT;

    private PlaintextPacketLengths() {
    }

    /**
     * Walks the whole packets at the start of {@code buffer} (not consumed) up to the client's NEWKEYS,
     * after which the bytes are encrypted; throws on the first length out of bounds.
     */
    static void check(Buffer buffer) throws SshException {
        byte[] data = buffer.array();
        int pos = buffer.rpos();
        int end = buffer.wpos();
        while (end - pos >= Integer.BYTES) {
            long length = ((data[pos] & 0xFFL) << 24) | ((data[pos + 1] & 0xFFL) << 16) | ((data[pos + 2] & 0xFFL) << 8)
                    | (data[pos + 3] & 0xFFL);
            if (length < MIN || length > MAX) {
                throw new SshException(SshConstants.SSH2_DISCONNECT_PROTOCOL_ERROR, "Bad packet length " + length);
            }
            if (end - pos < Integer.BYTES + length) {
                return;
            }
            if ((data[pos + Integer.BYTES + 1] & 0xFF) == SshConstants.SSH_MSG_NEWKEYS) {
                return;
            }
            pos += Integer.BYTES + (int) length;
        }
    }
}
