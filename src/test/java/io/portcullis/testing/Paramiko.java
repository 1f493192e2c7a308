package io.portcullis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A paramiko SFTP session (Debian's python3-paramiko, run by {@code /usr/bin/python3}) for requests that
 * OpenSSH's sftp cannot send, such as a setstat of the size or the times alone. The script sees
 * {@code sftp} (a logged-in {@code paramiko.SFTPClient}) and prints what the test checks.
 */
public final class Paramiko {

    public static final String PYTHON = "/usr/bin/python3";

    private Paramiko() {
    }

    /** Runs {@code script} against the appliance on {@code port} as {@code user}; stderr comes with stdout. */
    public static OpenSsh.Result sftp(int port, String user, String password, String script) {
        String program = String.join("\n",
                "import sys, paramiko",
                "transport = paramiko.Transport(('127.0.0.1', int(sys.argv[1])))",
                "transport.connect(username=sys.argv[2], password=sys.argv[3])",
                "sftp = paramiko.SFTPClient.from_transport(transport)",
                "def attempt(name, call):",
                "    try:",
                "        call()",
                "        print(name + ': ok')",
                "    except IOError as e:",
                "        print(name + ': refused: ' + str(e))",
                script,
                "transport.close()", "");
        try {
            Process process = new ProcessBuilder(List.of(PYTHON, "-c", program, Integer.toString(port), user, password))
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("paramiko did not finish in 60 s");
            }
            return new OpenSsh.Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
