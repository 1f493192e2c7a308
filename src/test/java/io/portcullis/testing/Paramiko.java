package io.portcullis.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * paramiko (Debian's python3-paramiko, run by {@code /usr/bin/python3}) against a test appliance: for
 * requests that OpenSSH's clients cannot send, and as a client of its own. A script sees {@code transport}
 * (logged in), {@code attempt(name, call)}, which prints "NAME: ok" or "NAME: refused: why", and
 * {@code channel(kind, arg)}, which opens a session channel for an exec, shell or subsystem request and
 * returns its exit status, stdout and stderr (or the failure of the request itself).
 */
public final class Paramiko {

    public static final String PYTHON = "/usr/bin/python3";

    private static final String PRELUDE = String.join("\n",
            "import sys, paramiko",
            "transport = paramiko.Transport(('127.0.0.1', int(sys.argv[1])))",
            "if sys.argv[3].startswith('key:'):",
            "    transport.connect(username=sys.argv[2], pkey=paramiko.PKey.from_path(sys.argv[3][4:])"
                    + " if hasattr(paramiko.PKey, 'from_path') else paramiko.Ed25519Key.from_private_key_file(sys.argv[3][4:]))",
            "else:",
            "    transport.connect(username=sys.argv[2], password=sys.argv[3])",
            "def attempt(name, call):",
            "    try:",
            "        call()",
            "        print(name + ': ok')",
            "    except (IOError, paramiko.SSHException) as e:",
            "        print(name + ': refused: ' + str(e))",
            "def channel(kind, arg=None, stdin=b''):",
            "    ch = transport.open_session()",
            "    ch.settimeout(30)",
            "    try:",
            "        if kind == 'exec':",
            "            ch.exec_command(arg)",
            "        elif kind == 'shell':",
            "            ch.invoke_shell()",
            "        else:",
            "            ch.invoke_subsystem(arg)",
            "    except paramiko.SSHException as e:",
            "        return ('request failed', str(e), '')",
            "    try:",
            "        if stdin:",
            "            ch.sendall(stdin)",
            "        ch.shutdown_write()",
            "    except OSError:",
            "        pass  # a refused request may have closed the channel already; what it said is still read below",
            "    out = ch.makefile('rb').read().decode('utf-8', 'replace')",
            "    err = ch.makefile_stderr('rb').read().decode('utf-8', 'replace')",
            "    return (ch.recv_exit_status(), out, err)",
            "");

    private Paramiko() {
    }

    /** Runs {@code script} after logging in with {@code password}; stderr comes with stdout. */
    public static OpenSsh.Result run(int port, String user, String password, String script) {
        return program(port, user, password, script);
    }

    /** Runs {@code script} after logging in with the private key {@code key}. */
    public static OpenSsh.Result run(int port, String user, Path key, String script) {
        return program(port, user, "key:" + key, script);
    }

    /** A paramiko SFTP session ({@code sftp}, a {@code paramiko.SFTPClient}) for the script. */
    public static OpenSsh.Result sftp(int port, String user, String password, String script) {
        return run(port, user, password, "sftp = paramiko.SFTPClient.from_transport(transport)\n" + script);
    }

    private static OpenSsh.Result program(int port, String user, String credential, String script) {
        return program(port, user, credential, script, 60);
    }

    /** {@code credential}: a password, or {@code key:PATH}; the script is killed after {@code timeoutSeconds}. */
    static OpenSsh.Result program(int port, String user, String credential, String script, long timeoutSeconds) {
        OpenSsh.Result r = Program.of(List.of(PYTHON, "-c", PRELUDE + script + "\ntransport.close()\n",
                Integer.toString(port), user, credential)).timeout(timeoutSeconds).run();
        return new OpenSsh.Result(r.exitCode(), r.stdout() + r.stderr(), "");
    }
}
