package io.portcullis.console;

import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.ParsedInput;

/** How a command is written to the log: its words and values, with secret values masked. */
final class CommandLog {

    static final String MASK = "********";

    private CommandLog() {
    }

    static String describe(ConsoleCommand command, ParsedInput parsed) {
        StringBuilder s = new StringBuilder(command.name());
        for (CommandArgument argument : parsed.arguments()) {
            s.append(' ').append(quoted(argument.value()));
        }
        for (CommandOption option : parsed.options()) {
            OptionSpec spec = command.option(option.longName()).orElse(null);
            s.append(" --").append(option.longName());
            if (spec != null && spec.takesValue()) {
                s.append(' ').append(spec.secret() ? MASK : quoted(option.value()));
            }
        }
        return s.toString();
    }

    private static String quoted(String value) {
        String printable = io.portcullis.accounts.AccountRules.printable(value);
        return printable.isEmpty() || printable.contains(" ") ? "'" + printable + "'" : printable;
    }
}
