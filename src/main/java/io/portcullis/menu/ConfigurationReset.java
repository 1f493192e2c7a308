package io.portcullis.menu;

import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.settings.FactoryDefaults;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Option 5. "Configuration" is what an operator changes to make the appliance reachable: every SSH
 * service setting (SPEC §3) and each service's Start Automatically. They go back to what a fresh data
 * directory has ({@link FactoryDefaults}), after a backup of the whole database. The SSH service then
 * runs with the defaults (port 2222).
 */
@Component
class ConfigurationReset {

    private final FactoryDefaults defaults;
    private final SshServiceSwitch sshSwitch;

    ConfigurationReset(FactoryDefaults defaults, SshServiceSwitch sshSwitch) {
        this.defaults = defaults;
        this.sshSwitch = sshSwitch;
    }

    void run(OperatorPrompts prompts, Actor actor) {
        prompts.say("This sets every SSH service setting back to its default (port 2222, all interfaces, password"
                + " logins on, root by key only, no forwarding, no weak ciphers), turns Start Automatically on for"
                + " every service and restarts SSH with them. Accounts, passwords, keys, host keys and the audit"
                + " log are kept. The database is backed up first to " + defaults.backups() + ".");
        if (!prompts.answer("Type yes to reset: ").equals("yes")) {
            prompts.say("Nothing was reset.");
            return;
        }
        Path backup = defaults.restore(actor);
        prompts.say("Database backed up to " + backup + ".");
        prompts.say("Configuration reset to defaults.");
        sshSwitch.restart(prompts, actor);
    }
}
