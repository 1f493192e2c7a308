package io.portcullis.console;

import org.apache.sshd.server.Environment;
import org.jline.terminal.Terminal;

/** {@code ssh host} for a console account: the interactive console on a terminal over the channel. */
final class InteractiveChannelConsole extends ChannelConsoleCommand {

    InteractiveChannelConsole(AdminConsole console, ConsoleIdentity identity) {
        super(console, identity);
    }

    @Override
    int serve(Environment env) throws Exception {
        try (Terminal terminal = ChannelTerminal.open("ssh " + identity.describe(), env, in, out)) {
            console.interact(terminal, identity);
            terminal.flush();
        }
        return ConsoleSession.OK;
    }
}
