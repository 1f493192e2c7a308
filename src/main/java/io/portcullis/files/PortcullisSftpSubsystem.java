package io.portcullis.files;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.BufferUtils;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.io.IoUtils;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.apache.sshd.sftp.common.SftpHelper;
import org.apache.sshd.sftp.common.extensions.openssh.AbstractOpenSSHExtensionParser.OpenSSHExtension;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpErrorStatusDataHandler;
import org.apache.sshd.sftp.server.SftpSubsystemEnvironment;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemConfigurator;

/**
 * MINA's SFTP server for one channel, with OpenSSH's habits: at most {@link #MAX_OPEN_HANDLES} open files
 * and directories per session, copy-data announced where OpenSSH's client looks for it, a vendor-id that
 * names Portcullis and not the library (nor its version), and no change of owner or group by name (SFTP
 * v4 and later), which would otherwise answer OK and change nothing when the name is unknown.
 *
 * <p>It adds the extensions of OpenSSH 10's sftp-server that MINA lacks, each inside the jail:
 * statvfs and fstatvfs (the real figures of the disk, for {@code df}), expand-path ({@code ~}, {@code ~/x}),
 * home-directory and users-groups-by-id (names for {@code ls -l}).
 */
final class PortcullisSftpSubsystem extends SftpSubsystem {

    static final String STATVFS = "statvfs@openssh.com";
    static final String FSTATVFS = "fstatvfs@openssh.com";
    static final String EXPAND_PATH = "expand-path@openssh.com";
    static final String HOME_DIRECTORY = "home-directory";
    static final String USERS_GROUPS_BY_ID = "users-groups-by-id@openssh.com";

    /**
     * OpenSSH's sftp-server keeps no count of its own: its process's open-file limit stops it, 1024 under
     * systemd's default, of which it reports 1024 - 5 (stdio, syslog, a spare) in limits@openssh.com. Here
     * every session shares the appliance's descriptors, so each gets that figure as a count of handles.
     */
    static final int MAX_OPEN_HANDLES = 1019;

    /**
     * MINA sends only the status's generic text ("Permission denied"); this adds why, when the reason is
     * one of ours or the kernel's (they name no host path): "Permission denied: the link would lead outside
     * the home directory". File names are left out, as MINA does.
     */
    static final SftpErrorStatusDataHandler STATUS_MESSAGES = new SftpErrorStatusDataHandler() {
        @Override
        public String resolveErrorMessage(SftpSubsystemEnvironment sftp, int id, Throwable e, int status, int cmd,
                Object... args) {
            String generic = SftpHelper.resolveStatusMessage(status);
            if (e instanceof SftpException) {
                return e.getMessage();
            }
            if (e instanceof FileSystemException fse && fse.getReason() != null) {
                return generic + ": " + fse.getReason();
            }
            return generic;
        }
    };

    private final IdNames names;

    PortcullisSftpSubsystem(ChannelSession channel, SftpSubsystemConfigurator configurator, IdNames names) {
        super(channel, configurator);
        this.names = names;
    }

    /**
     * Replies go straight from this subsystem's thread into the connection ({@link ChannelDataWriter}), not
     * through MINA's one-packet-in-flight stream; the channel's own stream stays unused, and MINA closes it.
     */
    @Override
    public void setIoOutputStream(IoOutputStream channelStream) {
        this.out = new ChannelDataWriter(getServerChannelSession());
    }

    /** Called with {@code handles} locked, before the file or directory is opened. */
    @Override
    protected String generateFileHandle(Path file) throws IOException {
        if (handles.size() >= MAX_OPEN_HANDLES) {
            throw new SftpException(SftpConstants.SSH_FX_FAILURE, "too many open files and directories in this SFTP"
                    + " session (at most " + MAX_OPEN_HANDLES + "): close some before opening more");
        }
        return super.generateFileHandle(file);
    }

    /**
     * MINA serves copy-data but announces it only in "supported2", where OpenSSH's sftp does not look for its
     * cp; the others are this class's, announced with OpenSSH's versions.
     */
    @Override
    protected List<OpenSSHExtension> resolveOpenSSHExtensions(ServerSession session) {
        List<OpenSSHExtension> extensions = new ArrayList<>(super.resolveOpenSSHExtensions(session));
        extensions.add(new OpenSSHExtension(SftpConstants.EXT_COPY_DATA, "1"));
        extensions.add(new OpenSSHExtension(STATVFS, "2"));
        extensions.add(new OpenSSHExtension(FSTATVFS, "2"));
        extensions.add(new OpenSSHExtension(EXPAND_PATH, "1"));
        extensions.add(new OpenSSHExtension(HOME_DIRECTORY, "1"));
        extensions.add(new OpenSSHExtension(USERS_GROUPS_BY_ID, "1"));
        return extensions;
    }

    /**
     * MINA sizes a read's reply to the length asked for before reading: OpenSSH's sftp asks for 255 KiB
     * (limits@openssh.com), so each read of a small file, and the read that finds its end, allocated and
     * zeroed 255 KiB. The length asked for is cut to what the file holds past the offset (at least one byte,
     * so that a read at the end still answers EOF); a file that grows meanwhile gives a short read, which
     * SFTP clients take as OpenSSH's short reads, asking for the rest.
     */
    @Override
    protected void doRead(Buffer buffer, int id) throws IOException {
        int start = buffer.rpos();
        Handle handle = handles.get(buffer.getString(java.nio.charset.StandardCharsets.ISO_8859_1));
        long offset = buffer.getLong();
        int lengthAt = buffer.rpos();
        long asked = buffer.getUInt();
        buffer.rpos(start);
        long size = 0;
        if (handle instanceof FileHandle file && offset >= 0) {
            try {
                size = file.getFileChannel().size();
            } catch (IOException e) {
                size = 0; // the read itself reports it
            }
        }
        if (size > 0) {
            long held = size > offset ? size - offset : 1;
            if (held < asked) {
                int end = buffer.wpos();
                buffer.wpos(lengthAt);
                buffer.putUInt(held);
                buffer.wpos(end);
            }
        }
        super.doRead(buffer, id);
    }

    @Override
    protected void executeExtendedCommand(Buffer buffer, int id, String extension) throws IOException {
        switch (extension) {
            case STATVFS, FSTATVFS, EXPAND_PATH, HOME_DIRECTORY, USERS_GROUPS_BY_ID -> {
                try {
                    serve(buffer, id, extension);
                } catch (IOException | RuntimeException e) {
                    sendStatus(prepareReply(buffer), id, e, SftpConstants.SSH_FXP_EXTENDED, extension);
                }
            }
            default -> super.executeExtendedCommand(buffer, id, extension);
        }
    }

    private void serve(Buffer buffer, int id, String extension) throws IOException {
        switch (extension) {
            case STATVFS -> sendFigures(buffer, id, resolveFile(buffer.getString()));
            case FSTATVFS -> {
                String handle = buffer.getString();
                sendFigures(buffer, id, validateHandle(handle, handles.get(handle), Handle.class).getFile());
            }
            case EXPAND_PATH -> {
                Path expanded = resolveFile(expandTilde(buffer.getString()));
                sendPath(prepareReply(buffer), id, validateRealPath(id, expanded.toString(), expanded).getKey(), Map.of());
            }
            case HOME_DIRECTORY -> {
                String user = buffer.getString();
                if (!user.isEmpty() && !user.equals(getServerSession().getUsername())) {
                    throw new SftpException(SftpConstants.SSH_FX_FAILURE, "only your own home directory can be asked for");
                }
                sendPath(prepareReply(buffer), id, getDefaultDirectory(), Map.of());
            }
            default -> sendNames(buffer, id, ids(buffer.getBytes()), ids(buffer.getBytes()));
        }
    }

    /**
     * As OpenSSH's expand-path: "" is ".", "~" and "~/x" are the home (where the session starts), "~NAME" too
     * when NAME is the account's own; any other user's home is not told.
     */
    private String expandTilde(String path) throws SftpException {
        if (path.isEmpty()) {
            return ".";
        }
        if (!path.startsWith("~")) {
            return path;
        }
        int slash = path.indexOf('/');
        String user = path.substring(1, slash < 0 ? path.length() : slash);
        if (!user.isEmpty() && !user.equals(getServerSession().getUsername())) {
            throw new SftpException(SftpConstants.SSH_FX_NO_SUCH_FILE, "no such user");
        }
        String rest = slash < 0 ? "" : path.substring(slash).replaceFirst("^/+", "");
        return rest.isEmpty() ? getDefaultDirectory().toString() : getDefaultDirectory().resolve(rest).toString();
    }

    /** statvfs@openssh.com's reply: eleven uint64, as OpenSSH's send_statvfs. */
    private void sendFigures(Buffer buffer, int id, Path path) throws IOException {
        if (!(path.getFileSystem().provider() instanceof HomeJailFileSystemProvider jail)) {
            throw new SftpException(SftpConstants.SSH_FX_OP_UNSUPPORTED, "statvfs is served for jailed homes only");
        }
        FileSystemFigures f = jail.figures(path);
        Buffer reply = prepareReply(buffer);
        reply.putByte((byte) SftpConstants.SSH_FXP_EXTENDED_REPLY);
        reply.putInt(id);
        for (long value : new long[] {f.blockSize(), f.fragmentSize(), f.blocks(), f.freeBlocks(), f.availableBlocks(),
                f.files(), f.freeFiles(), f.availableFiles(), f.id(), f.flags(), f.maxNameLength()}) {
            reply.putLong(value);
        }
        send(reply);
    }

    /** users-groups-by-id@openssh.com's reply: a string of names for the uids, another for the gids. */
    private void sendNames(Buffer buffer, int id, List<Integer> uids, List<Integer> gids) throws IOException {
        Buffer users = new ByteArrayBuffer();
        names.users(uids).forEach(users::putString);
        Buffer groups = new ByteArrayBuffer();
        names.groups(gids).forEach(groups::putString);
        Buffer reply = prepareReply(buffer);
        reply.putByte((byte) SftpConstants.SSH_FXP_EXTENDED_REPLY);
        reply.putInt(id);
        reply.putBytes(users.getCompactData());
        reply.putBytes(groups.getCompactData());
        send(reply);
    }

    private static List<Integer> ids(byte[] packed) throws SftpException {
        if (packed.length % 4 != 0) {
            throw new SftpException(SftpConstants.SSH_FX_BAD_MESSAGE, "a list of ids must be 4 bytes each");
        }
        List<Integer> ids = new ArrayList<>(packed.length / 4);
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(packed);
        while (bytes.hasRemaining()) {
            ids.add(bytes.getInt());
        }
        return ids;
    }

    @Override
    protected Map<String, ?> appendVendorIdExtension(Buffer buffer, Map<String, ?> versionProperties, ServerSession session) {
        buffer.putString(SftpConstants.EXT_VENDOR_ID);
        int lengthAt = buffer.wpos();
        buffer.putUInt(0L);
        buffer.putString("Portcullis"); // vendor-name
        buffer.putString("Portcullis"); // product-name
        buffer.putString(""); // product-version: nothing to look a vulnerability up by
        buffer.putLong(0L); // product-build-number
        BufferUtils.updateLengthPlaceholder(buffer, lengthAt);
        return versionProperties;
    }

    /**
     * An owner or group given by name (SFTP v4 and later) is refused before anything changes, unless it is
     * the file's own already (a client setting back what it read); numeric ids (SFTP v3, as OpenSSH's
     * {@code chown}/{@code chgrp} send them) go on to the kernel, which decides as for the account.
     */
    @Override
    protected void setFileAttributes(Path file, Map<String, ?> attributes, LinkOption... options) throws IOException {
        Map<String, Object> rest = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        rest.putAll(attributes);
        Object owner = rest.remove(IoUtils.OWNER_VIEW_ATTR);
        Object group = rest.remove(IoUtils.GROUP_VIEW_ATTR);
        if (owner != null || group != null) {
            PosixFileAttributes now = Files.readAttributes(file, PosixFileAttributes.class, options);
            if (changes(owner, now.owner()) || changes(group, now.group())) {
                throw new SftpException(SftpConstants.SSH_FX_OP_UNSUPPORTED, "changing the owner or group by name is not"
                        + " supported: use numeric ids (SFTP version 3, as OpenSSH's sftp chown and chgrp send them)");
            }
        }
        super.setFileAttributes(file, rest, options);
    }

    /** An empty name means "no change" (draft-ietf-secsh-filexfer-13, 7.5). */
    private static boolean changes(Object requested, Principal current) {
        String name = requested == null ? "" : ((Principal) requested).getName();
        return !name.isEmpty() && !name.equals(current.getName());
    }
}
