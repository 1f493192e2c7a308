/**
 * The admin console (SPEC §6, §10): the commands of the {@code services}, {@code ssh}, {@code accounts} and
 * {@code audit} menus, served one console per SSH channel (interactive on a JLine terminal built over the
 * channel, or one command per exec request) and on the local terminal through {@link
 * io.portcullis.console.AdminConsole#run}. Every session owns its terminal, history, output, questions and
 * identity; nothing about a session is kept in a static, a singleton or a thread-local.
 *
 * <h2>JLine directly, not Spring Shell</h2>
 * The console is built on JLine alone: {@link io.portcullis.console.CommandCatalog} is the one command model
 * (words, typed {@link io.portcullis.console.Option}s and {@link io.portcullis.console.Argument}s, help),
 * {@link io.portcullis.console.ConsoleLineParser} reads a line against it, {@link
 * io.portcullis.console.ConsoleCompleter} is JLine's completer over it, and {@link
 * io.portcullis.console.ConsoleSession} runs a line to its exit status. Spring Shell 4.0.1 was read for the
 * other choice, its own model used fully. Its objects can be made per channel ({@code CommandRegistry} takes
 * its set of commands, {@code JLineShellRunner} a line reader over the channel's terminal), but nothing in
 * its {@code CommandContext} carries who is at the console, so its annotated commands, singletons, would
 * reach the identity only through a per-session object passed around them; and what is there does not keep
 * the console's contract:
 * <ul>
 *   <li>{@code DefaultCommandParser} splits words on double quotes only ({@code --full-name 'Ada Lovelace'}
 *       gives {@code 'Ada} and an argument {@code Lovelace'}), knows no backslash, accepts any unknown
 *       option, checks no value, and takes a flag of a sub-command for an option lacking its value
 *       ({@code accounts users list --json}: "requires a value");</li>
 *   <li>its runners lose the exit status: {@code NonInteractiveShellRunner} returns nothing and logs
 *       errors instead of writing them to stderr; {@code InteractiveShellRunner} ends the session on any
 *       exception from the line reader, Ctrl-C at the prompt included, and prints its own messages;</li>
 *   <li>its statuses are -1/-2/-3, not SPEC §10's 1 and 2;</li>
 *   <li>{@code CommandCompleter} offers whole command names and no values for positional arguments
 *       (a username after {@code accounts users show}).</li>
 * </ul>
 * Keeping behaviour meant replacing its parser, completer and runners, which left only a registry and an
 * executor that looked a name up: half a framework, through which options were read back by their names
 * as strings. Without it, an option is one typed object that declares it, parses it and reads it
 * ({@code in.get(FULL_NAME)}), and every expected failure is one {@link io.portcullis.host.RefusedException}
 * carrying its exit status.
 */
package io.portcullis.console;
