/**
 * The admin console (SPEC §6, §10): Spring Shell commands for the {@code services}, {@code ssh} and
 * {@code accounts} menus, served one console per SSH channel (interactive on a JLine terminal built over
 * the channel, or one command per exec request) and on the local terminal through {@link
 * io.portcullis.console.AdminConsole#run}. Every session owns its terminal, history, identity and command
 * objects; nothing about a session is kept in a static, a singleton or a thread-local.
 */
package io.portcullis.console;
