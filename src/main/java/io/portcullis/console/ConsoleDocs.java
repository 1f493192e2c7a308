package io.portcullis.console;

import java.util.List;

/**
 * {@code docs/console.md}: every console command with its {@code --help}, made from the {@link CommandCatalog},
 * so the page says what the console says. {@code ConsoleDocsTest} fails when the committed page differs.
 */
final class ConsoleDocs {

    static final String REGENERATE = "mvn -B -q test -Dtest=ConsoleDocsTest -Ddocs.write=true";

    private ConsoleDocs() {
    }

    static String markdown(CommandCatalog catalog) {
        List<ConsoleCommand> commands = catalog.all();
        StringBuilder s = new StringBuilder();
        s.append("# Admin console commands\n\n")
                .append("<!-- Generated from the console's command catalog (console.ConsoleDocs); do not edit.\n")
                .append("     ConsoleDocsTest fails when this page is stale. Regenerate it with:\n")
                .append("     ").append(REGENERATE).append(" -->\n\n")
                .append("""
                        Accounts with the `console` shell (`root`, `admin`, members of `admins` or `readonly-admins`
                        given it) reach these commands at the console prompt (`ssh admin@HOST`, or option 6 of the
                        local console menu), or one per connection: `ssh admin@HOST 'COMMAND'`, with no prompt,
                        errors on stderr and exit status 0 done, 1 refused or failed, 2 usage error (unknown command
                        or option, a value of the wrong type, a missing argument). Values with spaces go in quotes,
                        as in a shell. A command that changes the appliance is for members of `admins`; members of
                        `readonly-admins` may run the others. Each section below is the command's `--help`.

                        """)
                .append("| command | what it does |\n|---|---|\n");
        for (ConsoleCommand command : commands) {
            s.append("| [`").append(command.name()).append("`](#").append(anchor(command)).append(") | ")
                    .append(cell(command.summary())).append(" |\n");
        }
        String menu = null;
        for (ConsoleCommand command : commands) {
            String first = command.words().get(0);
            boolean alone = command.words().size() == 1;
            if (!first.equals(menu) && !alone) {
                s.append("\n## ").append(first).append('\n');
            }
            menu = first;
            s.append(alone ? "\n## " : "\n### ").append(command.name()).append("\n\n```text\n").append(command.help())
                    .append("```\n");
        }
        return s.toString();
    }

    /** The id a Markdown renderer gives the command's heading: its words joined by hyphens. */
    private static String anchor(ConsoleCommand command) {
        return String.join("-", command.words());
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
