package io.portcullis.menu;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.unix.UnixPtyProcess;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.host.ProcessIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jline.reader.EndOfFileException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Option 7: the login shell of the user the appliance runs as, on a pty of its own (pty4j), joined to
 * the menu's terminal until it exits. While it runs the menu's terminal passes every byte through
 * untouched, so Ctrl-C, line editing and echo are the shell's pty's business.
 */
@Component
class SystemShell {

    private static final Logger log = LoggerFactory.getLogger(SystemShell.class);
    private static final long INPUT_POLL_MILLIS = 100;

    private final AuditLog audit;

    SystemShell(AuditLog audit) {
        this.audit = audit;
    }

    /** The appliance user's passwd entry: name, home and login shell. */
    record ShellAccount(String user, String home, String shell) {

        static ShellAccount ofThisProcess() {
            String user = ProcessIdentity.username();
            String home = System.getProperty("user.home");
            String shell = System.getenv().getOrDefault("SHELL", "/bin/sh");
            try {
                // getent also asks NSS (LDAP, ...), not only /etc/passwd
                Process getent = new ProcessBuilder("getent", "passwd", Long.toString(ProcessIdentity.uid()))
                        .redirectErrorStream(true).start();
                String line = new String(getent.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                String[] fields = line.split(":");
                if (getent.waitFor(10, TimeUnit.SECONDS) && getent.exitValue() == 0 && fields.length >= 7) {
                    return new ShellAccount(fields[0], fields[5], fields[6].isBlank() ? "/bin/sh" : fields[6]);
                }
            } catch (IOException e) {
                log.debug("getent passwd failed: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ShellAccount(user, home, shell);
        }
    }

    void run(OperatorPrompts prompts, Actor actor) {
        ShellAccount account = ShellAccount.ofThisProcess();
        Terminal terminal = prompts.terminal();
        PtyProcess shell;
        try {
            shell = start(account, terminal);
        } catch (IOException e) {
            prompts.say("Could not start " + account.shell() + " (" + e.getMessage() + "); check the login shell of"
                    + " '" + account.user() + "' with getent passwd.");
            return;
        }
        prompts.say("System shell " + account.shell() + " as '" + account.user() + "'; type exit to return to the menu.");
        audit.record(actor, "session", "system shell", account.shell() + " as " + account.user(), "opened");
        int status = join(terminal, shell);
        audit.record(actor, "session", "system shell", "exit status " + status, "closed");
        prompts.say("");
        prompts.say("The system shell ended (exit status " + status + ").");
    }

    private static PtyProcess start(ShellAccount account, Terminal terminal) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", account.home());
        env.put("USER", account.user());
        env.put("LOGNAME", account.user());
        env.put("SHELL", account.shell());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        env.put("TERM", terminal.getType());
        String lang = System.getenv("LANG");
        if (lang != null) {
            env.put("LANG", lang);
        }
        Size size = terminal.getSize();
        return new PtyProcessBuilder(new String[] {account.shell(), "-l"})
                .setEnvironment(env)
                .setDirectory(account.home())
                .setInitialColumns(size.getColumns() > 0 ? size.getColumns() : 80)
                .setInitialRows(size.getRows() > 0 ? size.getRows() : 24)
                .setRedirectErrorStream(true)
                .start();
    }

    /**
     * Copies the terminal to the shell and back until the shell exits; returns its exit status. A hangup
     * of the menu's device ends the shell (as a hangup ends a login) and reaches the menu as end of file.
     */
    private static int join(Terminal terminal, PtyProcess shell) {
        Attributes before = terminal.getAttributes();
        terminal.setAttributes(passThrough(before));
        Thread output = new Thread(() -> copyOutput(shell.getInputStream(), terminal), "menu-system-shell-output");
        output.setDaemon(true);
        output.start();
        boolean hungUp = false;
        try {
            hungUp = copyInput(terminal, shell);
            if (hungUp) {
                hangUp(shell);
            }
            shell.waitFor();
            output.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            shell.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            terminal.setAttributes(before);
        }
        if (hungUp) {
            throw new EndOfFileException("the console device hung up while the system shell ran");
        }
        return shell.isAlive() ? -1 : shell.exitValue();
    }

    /**
     * What a terminal hangup does to a login: SIGHUP, which the shell passes on to its jobs (an
     * interactive shell ignores SIGTERM). A shell that ignores even that is killed.
     */
    private static void hangUp(PtyProcess shell) throws InterruptedException {
        if (shell instanceof UnixPtyProcess unix) {
            unix.hangup();
        } else {
            shell.destroy();
        }
        if (!shell.waitFor(2, TimeUnit.SECONDS)) {
            shell.destroyForcibly();
        }
    }

    /** Raw in both directions: no signals, no echo, no CR/LF translation by JLine's line discipline. */
    private static Attributes passThrough(Attributes before) {
        Attributes raw = new Attributes(before);
        raw.setLocalFlags(EnumSet.allOf(Attributes.LocalFlag.class), false);
        raw.setInputFlags(EnumSet.allOf(Attributes.InputFlag.class), false);
        raw.setOutputFlags(EnumSet.allOf(Attributes.OutputFlag.class), false);
        return raw;
    }

    /** Returns true when the terminal's input ended (hangup) before the shell exited. */
    private static boolean copyInput(Terminal terminal, PtyProcess shell) throws InterruptedException {
        NonBlockingInputStream in = (NonBlockingInputStream) terminal.input();
        OutputStream toShell = shell.getOutputStream();
        byte[] buffer = new byte[1024];
        while (shell.isAlive()) {
            try {
                int n = in.readBuffered(buffer, 0, buffer.length, INPUT_POLL_MILLIS);
                if (n == NonBlockingInputStream.EOF) {
                    return true;
                }
                if (n > 0) {
                    toShell.write(buffer, 0, n);
                    toShell.flush();
                }
            } catch (IOException e) {
                // the shell closed its side while exiting; its exit status says how it went
                shell.waitFor(1, TimeUnit.SECONDS);
                return false;
            }
        }
        return false;
    }

    private static void copyOutput(InputStream fromShell, Terminal terminal) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = fromShell.read(buffer)) >= 0) {
                terminal.output().write(buffer, 0, n);
                terminal.output().flush();
            }
        } catch (IOException e) {
            // a pty reads as an I/O error once the shell is gone: the copy is over
        }
    }
}
