package io.portcullis.menu;

import io.portcullis.audit.AuditLog.Actor;
import org.jline.terminal.Terminal;

/**
 * What option 6 calls to run the admin console on the menu's own terminal, returning when the operator
 * leaves it. The admin console lives in the console package and provides this as a Spring bean; the
 * menu depends only on this interface, and says the console is unavailable when no bean provides it.
 */
public interface AdminConsoleOpener {

    /**
     * Runs the admin console on {@code terminal} until the operator leaves it (exit, Ctrl-D), acting as
     * {@code actor} for every change and audit line. Must not close the terminal: the menu goes on.
     */
    void open(Terminal terminal, Actor actor);
}
