package io.portcullis.ssh;

import io.portcullis.directory.DirectoryUsers;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.ServiceFactory;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.helpers.SessionHelper;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.session.ServerUserAuthService;
import org.apache.sshd.server.session.ServerUserAuthServiceFactory;

/**
 * MINA SSHD's user authentication, with a directory user looked up before its first request is decided
 * (issue 18): that request waits, off the I/O thread, for {@link DirectoryUsers#lookUp} (bounded by
 * {@code ldap.timeout}), and every method (publickey, password, gssapi-with-mic) then finds the account in
 * the cache without waiting. Requests that arrive meanwhile wait behind it in order. The username cannot
 * change within a connection, so only its first request may wait.
 */
final class DirectoryUserAuthService extends ServerUserAuthService {

    private final DirectoryUsers directory;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private boolean askedOnce;
    private boolean deferring;

    private DirectoryUserAuthService(Session session, DirectoryUsers directory) throws IOException {
        super(session);
        this.directory = directory;
    }

    static ServiceFactory factory(DirectoryUsers directory) {
        return new ServiceFactory() {
            @Override
            public String getName() {
                return ServerUserAuthServiceFactory.INSTANCE.getName();
            }

            @Override
            public Service create(Session session) throws IOException {
                return new DirectoryUserAuthService(session, directory);
            }
        };
    }

    @Override
    public synchronized void process(int cmd, Buffer buffer) throws Exception {
        if (deferring) {
            Buffer copy = copy(buffer);
            waiting.add(() -> processNow(cmd, copy, true));
            return;
        }
        if (cmd == SshConstants.SSH_MSG_USERAUTH_REQUEST && !askedOnce) {
            askedOnce = true;
            int at = buffer.rpos();
            String username = buffer.getString();
            buffer.rpos(at);
            if (directory.needsLookup(username)) {
                deferring = true;
                Buffer copy = copy(buffer);
                directory.lookUp(username).whenComplete((done, error) -> resume(cmd, copy));
                return;
            }
        }
        super.process(cmd, buffer);
    }

    private synchronized void resume(int cmd, Buffer copy) {
        deferring = false;
        processNow(cmd, copy, false);
        while (!deferring && !waiting.isEmpty()) {
            waiting.poll().run();
        }
    }

    /** What the session would do with an exception from its own thread: log it and close. */
    private void processNow(int cmd, Buffer buffer, boolean again) {
        try {
            if (again) {
                process(cmd, buffer);
            } else {
                super.process(cmd, buffer);
            }
        } catch (Exception e) {
            if (getSession() instanceof SessionHelper helper) {
                helper.exceptionCaught(e);
            }
        }
    }

    /**
     * The session reuses its buffer for the next packet; the copy keeps the message byte before the read
     * position, which MINA steps back to for the messages that follow a request.
     */
    private static Buffer copy(Buffer buffer) {
        int start = Math.max(0, buffer.rpos() - 1);
        ByteArrayBuffer copy = new ByteArrayBuffer(Arrays.copyOfRange(buffer.array(), start, buffer.wpos()));
        copy.rpos(buffer.rpos() - start);
        return copy;
    }
}
