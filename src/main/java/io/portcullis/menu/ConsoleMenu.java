package io.portcullis.menu;

import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.console.AdminConsole;
import java.io.IOError;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The numbered menu of SPEC §7 on one opened console terminal. It returns only when the device hangs
 * up or the operator shuts the appliance down: an invalid choice is answered, Ctrl-C cancels the action
 * under way, and an action that fails is reported, and the menu comes back each time. Everything done
 * here acts as {@link Actor#LOCAL_CONSOLE} (user {@code console}, address {@code local}).
 */
@Component
class ConsoleMenu {

    private static final Logger log = LoggerFactory.getLogger(ConsoleMenu.class);
    private static final Actor ACTOR = Actor.LOCAL_CONSOLE;

    static final List<String> OPTIONS = List.of(
            "Show status",
            "Start or stop the SSH service",
            "Configure the SSH service",
            "Set up / change the local administrator password",
            "Reset configuration to defaults",
            "Open the admin console",
            "Open a system shell",
            "Shut down",
            "Export the configuration to a file",
            "Import a configuration from a file");

    /** What Ctrl-C at the menu's prompt answers: the menu stays while Portcullis runs. */
    static final String LEAVING = "Ctrl-C cancels an action; this menu stays as long as Portcullis runs. To stop"
            + " Portcullis choose 8 (Shut down), or send it SIGTERM (systemctl stop portcullis).";

    /** Why a menu session ended. */
    enum Ending { HANGUP, SHUTDOWN }

    private final StatusReport status;
    private final SshServiceSwitch sshSwitch;
    private final SshSettingsWalkthrough sshSettings;
    private final AdminPasswordSetup adminPassword;
    private final ConfigurationReset reset;
    private final ConfigurationTransfer transfer;
    private final AdminConsole adminConsole;
    private final SystemShell systemShell;
    private final Shutdown shutdown;
    private final AuditLog audit;

    ConsoleMenu(StatusReport status, SshServiceSwitch sshSwitch, SshSettingsWalkthrough sshSettings,
                AdminPasswordSetup adminPassword, ConfigurationReset reset, ConfigurationTransfer transfer,
                AdminConsole adminConsole, SystemShell systemShell, Shutdown shutdown, AuditLog audit) {
        this.transfer = transfer;
        this.status = status;
        this.sshSwitch = sshSwitch;
        this.sshSettings = sshSettings;
        this.adminPassword = adminPassword;
        this.reset = reset;
        this.adminConsole = adminConsole;
        this.systemShell = systemShell;
        this.shutdown = shutdown;
        this.audit = audit;
    }

    Ending run(OperatorPrompts prompts) {
        try {
            prompts.say("");
            prompts.say("Portcullis local console");
            if (adminPassword.needed() && !firstPassword(prompts)) {
                return Ending.HANGUP;
            }
            while (true) {
                showMenu(prompts);
                String choice = choose(prompts);
                if (choice == null) {
                    return Ending.HANGUP;
                }
                if (choice.equals("8")) {
                    if (shutDown(prompts)) {
                        return Ending.SHUTDOWN;
                    }
                } else if (!choice.isEmpty()) {
                    perform(prompts, choice);
                }
            }
        } catch (EndOfFileException e) {
            return Ending.HANGUP;
        } catch (IOError e) {
            // JLine reports a failed write to the device this way: the line is gone
            log.info("console device stopped working: {}", e.getMessage());
            return Ending.HANGUP;
        }
    }

    /** SPEC §1: on a terminal, the first administrator password is asked for before anything else. */
    private boolean firstPassword(OperatorPrompts prompts) {
        prompts.say("No administrator password is set yet; set one before anything else.");
        while (adminPassword.needed()) {
            try {
                adminPassword.run(prompts, ACTOR);
            } catch (UserInterruptException e) {
                prompts.say("An administrator password is needed before anything else.");
            } catch (EndOfFileException e) {
                if (prompts.hungUp()) {
                    return false;
                }
                prompts.say("An administrator password is needed before anything else.");
            } catch (RuntimeException e) {
                reportFailure(prompts, "Setting the password", e);
            }
        }
        return true;
    }

    private void showMenu(OperatorPrompts prompts) {
        prompts.say("");
        status.summary().forEach(line -> prompts.say("  " + line));
        prompts.say("");
        for (int i = 0; i < OPTIONS.size(); i++) {
            prompts.say("  " + (i + 1) + ") " + OPTIONS.get(i));
        }
    }

    /** The typed option, empty for a line to ignore, null when the device hung up. */
    private static String choose(OperatorPrompts prompts) {
        try {
            String typed = prompts.answer("Enter an option from 1-" + OPTIONS.size() + ": ");
            if (typed.isEmpty() || typed.matches("[1-9][0-9]?") && Integer.parseInt(typed) <= OPTIONS.size()) {
                return typed;
            }
            prompts.say("'" + typed + "' is not an option; enter a number from 1 to " + OPTIONS.size() + ".");
            return "";
        } catch (UserInterruptException e) {
            // Ctrl-C cancels actions; at the menu itself there is nothing to cancel, so say how to leave
            prompts.say("");
            prompts.say(LEAVING);
            return "";
        } catch (EndOfFileException e) {
            return prompts.hungUp() ? null : "";
        }
    }

    private void perform(OperatorPrompts prompts, String choice) {
        String option = OPTIONS.get(Integer.parseInt(choice) - 1);
        prompts.say("");
        prompts.say("== " + option);
        try {
            switch (choice) {
                case "1" -> status.show(prompts);
                case "2" -> sshSwitch.run(prompts, ACTOR);
                case "3" -> sshSettings.run(prompts, ACTOR);
                case "4" -> adminPassword.run(prompts, ACTOR);
                case "5" -> reset.run(prompts, ACTOR);
                case "6" -> openAdminConsole(prompts);
                case "7" -> systemShell.run(prompts, ACTOR);
                case "9" -> transfer.export(prompts, ACTOR);
                case "10" -> transfer.importFrom(prompts, ACTOR);
                default -> throw new IllegalArgumentException("no option " + choice);
            }
        } catch (UserInterruptException e) {
            prompts.say("");
            prompts.say("Cancelled; nothing more was changed.");
        } catch (EndOfFileException e) {
            if (prompts.hungUp()) {
                throw e;
            }
            prompts.say("");
            prompts.say("Cancelled; nothing more was changed.");
        } catch (RuntimeException e) {
            reportFailure(prompts, option, e);
        }
    }

    private void openAdminConsole(OperatorPrompts prompts) {
        Attributes before = prompts.terminal().getAttributes();
        audit.record(ACTOR, "session", "admin console", "on the local console", "opened");
        try {
            adminConsole.run(prompts.terminal(), ACTOR);
        } finally {
            // the console may leave its own terminal modes, or JLine's Ctrl-C interrupt flag, behind
            Thread.interrupted();
            prompts.terminal().setAttributes(before);
            audit.record(ACTOR, "session", "admin console", "on the local console", "closed");
        }
    }

    private boolean shutDown(OperatorPrompts prompts) {
        try {
            if (!prompts.yes("Shut Portcullis down? SSH sessions are closed and nobody can log in until it is"
                    + " started again.", false)) {
                prompts.say("Portcullis keeps running.");
                return false;
            }
        } catch (UserInterruptException | EndOfFileException e) {
            if (prompts.hungUp()) {
                throw e;
            }
            prompts.say("");
            prompts.say("Portcullis keeps running.");
            return false;
        }
        audit.record(ACTOR, "service", "shut down", "from the local console", "ok");
        prompts.say("Shutting down.");
        shutdown.request();
        return true;
    }

    private static void reportFailure(OperatorPrompts prompts, String what, RuntimeException e) {
        log.warn("local console: {} failed", what, e);
        prompts.say(what + " failed: " + e.getMessage());
        prompts.say("Details are in the log; the menu goes on.");
    }
}
