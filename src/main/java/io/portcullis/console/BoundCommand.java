package io.portcullis.console;

import org.springframework.shell.core.command.AbstractCommand;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.ExitStatus;

/**
 * A console command as Spring Shell sees it, bound to the one session whose registry holds it: the
 * session's identity, output and questions never pass through anything shared.
 */
final class BoundCommand extends AbstractCommand {

    private final ConsoleCommand command;
    private final ConsoleSession session;

    BoundCommand(ConsoleCommand command, ConsoleSession session) {
        super(command.name(), command.summary(), command.words().get(0), command.help(), false);
        this.command = command;
        this.session = session;
    }

    @Override
    public ExitStatus doExecute(CommandContext context) {
        return session.perform(command, context.parsedInput());
    }
}
