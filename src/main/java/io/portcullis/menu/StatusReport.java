package io.portcullis.menu;

import io.portcullis.accounts.Accounts;
import io.portcullis.host.DataDirectory;
import io.portcullis.keypairs.HostKeys;
import io.portcullis.services.Services.Status;
import io.portcullis.services.Services;
import io.portcullis.settings.AppliesAt;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSettings;
import io.portcullis.ssh.SshService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What the menu shows above its options and, in more detail, for option 1: the services, where SSH
 * listens, the host key fingerprints an operator compares on first connect, and the data directory.
 */
@Component
class StatusReport {

    private final Services services;
    private final SshService sshService;
    private final SshConfiguration sshConfiguration;
    private final HostKeys hostKeys;
    private final Accounts accounts;
    private final DataDirectory dataDirectory;

    StatusReport(Services services, SshService sshService, SshConfiguration sshConfiguration, HostKeys hostKeys,
                 Accounts accounts, DataDirectory dataDirectory) {
        this.services = services;
        this.sshService = sshService;
        this.sshConfiguration = sshConfiguration;
        this.hostKeys = hostKeys;
        this.accounts = accounts;
        this.dataDirectory = dataDirectory;
    }

    /** The lines above the menu's options. */
    List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add(sshLine());
        hostKeys.fingerprints().forEach(f -> lines.add("Host key " + f));
        lines.add("Data directory " + dataDirectory.root());
        return lines;
    }

    /** Option 1. */
    void show(OperatorPrompts prompts) {
        prompts.say("Services:");
        for (Status s : services.list()) {
            prompts.say("  " + s.name() + ": " + (s.running() ? "running" : "stopped") + ", Start Automatically "
                    + (s.startAutomatically() ? "on" : "off") + ", " + s.sessions() + " session(s)"
                    + (s.listeners().isEmpty() ? "" : ", listening on " + String.join(", ", s.listeners())));
            s.notes().forEach(n -> prompts.say("    " + n));
        }
        pendingRestart().ifPresent(p -> prompts.say("  " + p));
        prompts.say("Host key fingerprints (SHA256, as ssh-keygen -lf prints them):");
        hostKeys.fingerprints().forEach(f -> prompts.say("  " + f));
        prompts.say("Administrator '" + Accounts.ADMIN + "': "
                + (accounts.require(Accounts.ADMIN).hasPassword() ? "password set" : "no password yet (option 4)"));
        prompts.say("Data directory " + dataDirectory.root());
        prompts.say("Log file " + dataDirectory.logs().resolve("portcullis.log"));
    }

    private String sshLine() {
        if (!sshService.isRunning()) {
            return "SSH stopped (option 2 starts it)";
        }
        int sessions = sshService.sessionCount();
        return "SSH running on " + String.join(", ", sshService.listeners()) + ", " + sessions
                + (sessions == 1 ? " session" : " sessions");
    }

    /** Saved settings the running server does not use yet, as {@code ssh show} reports them. */
    private Optional<String> pendingRestart() {
        Optional<SshSettings> effective = sshService.effective();
        if (effective.isEmpty()) {
            return Optional.empty();
        }
        SshSettings saved = sshConfiguration.savedOrDefaults();
        List<String> pending = SshSettingsWalkthrough.changed(effective.get(), saved).stream()
                .filter(s -> s.appliesAt() == AppliesAt.RESTART)
                .map(s -> s.label() + " " + SshSettingsWalkthrough.shown(s, saved))
                .toList();
        return pending.isEmpty() ? Optional.empty()
                : Optional.of("saved but not in effect until SSH restarts: " + String.join(", ", pending));
    }
}
