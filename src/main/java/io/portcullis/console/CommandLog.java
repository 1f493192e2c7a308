package io.portcullis.console;

import io.portcullis.accounts.AccountRules;
import java.util.Map;

/** How a command is written to the log: its words and values, with secret values masked. */
final class CommandLog {

    static final String MASK = "********";

    private CommandLog() {
    }

    static String describe(ConsoleCommand command, ConsoleLine line) {
        StringBuilder s = new StringBuilder(command.name());
        if (line.help()) {
            return s.append(" --help").toString();
        }
        line.arguments().values().forEach(value -> s.append(' ').append(quoted(value)));
        for (Map.Entry<Option<?>, Object> given : line.options().entrySet()) {
            Option<?> option = given.getKey();
            s.append(' ').append(option);
            if (option.takesValue()) {
                s.append(' ').append(option.secret() ? MASK : quoted(option.write(given.getValue())));
            }
        }
        return s.toString();
    }

    private static String quoted(String value) {
        String printable = AccountRules.printable(value);
        return printable.isEmpty() || printable.contains(" ") ? "'" + printable + "'" : printable;
    }
}
