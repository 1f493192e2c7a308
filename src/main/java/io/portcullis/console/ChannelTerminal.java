package io.portcullis.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * A JLine terminal over one SSH channel. Built with the pure-Java {@code exec} provider over the
 * channel's streams (never the JVM's own terminal); type and size come from the PTY request, and the
 * channel's window-change and INT signals are passed on, since the JVM's signals know nothing of them.
 */
final class ChannelTerminal {

    /** What {@code ssh -t} through sshpass sends as size (0x0) gets the classic terminal size instead. */
    static final Size FALLBACK_SIZE = new Size(80, 24);

    private ChannelTerminal() {
    }

    static Terminal open(String name, Environment env, InputStream in, OutputStream out) throws IOException {
        Map<String, String> vars = env.getEnv();
        String type = vars.getOrDefault(Environment.ENV_TERM, "");
        Terminal terminal = TerminalBuilder.builder()
                .system(false)
                .provider("exec")
                .name(name)
                .type(type.isBlank() ? Terminal.TYPE_DUMB : type)
                .streams(in, out)
                .encoding(StandardCharsets.UTF_8)
                .size(size(vars))
                .build();
        if (!vars.containsKey(Environment.ENV_TERM)) {
            withoutPty(terminal);
        }
        env.addSignalListener((channel, signal) -> {
            if (signal == Signal.WINCH) {
                terminal.setSize(size(env.getEnv()));
                terminal.raise(Terminal.Signal.WINCH);
            } else {
                terminal.raise(Terminal.Signal.INT);
            }
        }, Signal.WINCH, Signal.INT);
        return terminal;
    }

    /** {@code ssh -T}: the client's own terminal echoes and translates line ends, so this one must not. */
    private static void withoutPty(Terminal terminal) {
        Attributes attributes = terminal.getAttributes();
        attributes.setLocalFlag(Attributes.LocalFlag.ECHO, false);
        attributes.setOutputFlag(Attributes.OutputFlag.OPOST, false);
        terminal.setAttributes(attributes);
    }

    static Size size(Map<String, String> vars) {
        int columns = number(vars.get(Environment.ENV_COLUMNS));
        int rows = number(vars.get(Environment.ENV_LINES));
        return columns > 0 && rows > 0 ? new Size(columns, rows) : FALLBACK_SIZE;
    }

    private static int number(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
