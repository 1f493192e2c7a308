package io.portcullis.menu;

import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.services.ServiceException;
import io.portcullis.services.Services;
import io.portcullis.ssh.SshService;
import org.springframework.stereotype.Component;

/**
 * Option 2: starts a stopped SSH service or stops a running one, through {@link Services} as
 * {@code services start|stop ssh} does, so validation, the stored state and the audit are the same.
 * Options 3 and 5 restart it here too.
 */
@Component
class SshServiceSwitch {

    private final Services services;
    private final SshService sshService;

    SshServiceSwitch(Services services, SshService sshService) {
        this.services = services;
        this.sshService = sshService;
    }

    void run(OperatorPrompts prompts, Actor actor) {
        if (sshService.isRunning()) {
            stop(prompts, actor);
        } else {
            start(prompts, actor);
        }
    }

    private void start(OperatorPrompts prompts, Actor actor) {
        if (!prompts.yes("The SSH service is stopped. Start it?", true)) {
            prompts.say("The SSH service stays stopped.");
            return;
        }
        try {
            services.start(actor, sshService.name());
            prompts.say("SSH service started: listening on " + String.join(", ", sshService.listeners()) + ".");
        } catch (ServiceException e) {
            prompts.say("The SSH service did not start: " + e.getMessage());
            prompts.say("Option 3 changes the SSH settings.");
        }
    }

    /** Restarts SSH so that saved listener settings take effect; a failed restart keeps the old listener. */
    void restart(OperatorPrompts prompts, Actor actor) {
        try {
            services.restart(actor, sshService.name());
            prompts.say("SSH service restarted: listening on " + String.join(", ", sshService.listeners()) + ".");
        } catch (ServiceException e) {
            prompts.say("The SSH service did not restart: " + e.getMessage());
            prompts.say(sshService.isRunning() ? "It goes on with its previous listener settings."
                    : "It is stopped; option 3 changes the SSH settings.");
        }
    }

    private void stop(OperatorPrompts prompts, Actor actor) {
        int sessions = sshService.sessionCount();
        prompts.say("The SSH service is running on " + String.join(", ", sshService.listeners()) + " with " + sessions
                + (sessions == 1 ? " session." : " sessions."));
        if (!prompts.yes("Stop it? No new SSH logins will be possible until it is started again.", false)) {
            prompts.say("The SSH service keeps running.");
            return;
        }
        boolean disconnect = sessions > 0
                && prompts.yes("Also close the " + sessions + " established SSH session(s)?", false);
        services.stop(actor, sshService.name(), disconnect);
        prompts.say("SSH service stopped" + (disconnect ? " and its sessions closed." : "."));
    }
}
