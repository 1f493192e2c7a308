package io.portcullis.console;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.Environment;

/** {@code ssh host COMMAND} for a console account: exactly one console command, its exit status the channel's. */
final class ExecChannelConsole extends ChannelConsoleCommand {

    private final String commandLine;

    ExecChannelConsole(AdminConsole console, ConsoleIdentity identity, String commandLine) {
        super(console, identity);
        this.commandLine = commandLine;
    }

    @Override
    int serve(Environment env) {
        // With 'ssh -t host CMD' the client's terminal is raw and expects a terminal's CR LF line ends.
        boolean pty = env.getEnv().containsKey(Environment.ENV_TERM);
        PrintWriter stdout = writer(pty ? new CrLf(out) : out);
        PrintWriter stderr = writer(pty ? new CrLf(err) : err);
        int status = console.execute(commandLine, identity, new ChannelStreams(in, out, pty), stdout, stderr);
        stdout.flush();
        stderr.flush();
        return status;
    }

    private static PrintWriter writer(OutputStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), false);
    }

    /** Turns LF into CR LF, as a terminal's output processing would. */
    private static final class CrLf extends FilterOutputStream {
        CrLf(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (b == '\n') {
                out.write('\r');
            }
            out.write(b);
        }
    }
}
