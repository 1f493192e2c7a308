package io.portcullis.menu;

import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.settings.SshConfiguration.InvalidSettingsException;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSettings;
import io.portcullis.settings.SshSettingsDraft;
import io.portcullis.ssh.SshService;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Option 3: every SSH field in turn with its saved value as the default. A value is checked as it is
 * typed, by the same rules as {@code ssh set}, and asked again while refused; nothing is saved until
 * the last field is accepted, and then everything is saved at once.
 */
@Component
class SshSettingsWalkthrough {

    private final SshConfiguration configuration;
    private final SshService sshService;
    private final SshServiceSwitch sshSwitch;

    SshSettingsWalkthrough(SshConfiguration configuration, SshService sshService, SshServiceSwitch sshSwitch) {
        this.configuration = configuration;
        this.sshService = sshService;
        this.sshSwitch = sshSwitch;
    }

    void run(OperatorPrompts prompts, Actor actor) {
        SshSettings saved = configuration.saved();
        prompts.say("Configure the SSH service. Enter keeps the value in brackets; '" + SshField.CLEAR
                + "' empties a list; Ctrl-C leaves without saving anything.");
        SshSettingsDraft draft = new SshSettingsDraft(saved);
        for (SshField field : SshField.values()) {
            draft = ask(prompts, field, draft);
        }
        SshSettings edited = draft.toSettings();
        List<SshField> changed = changedFields(saved, edited);
        if (changed.isEmpty()) {
            prompts.say("Nothing changed; nothing was saved.");
            return;
        }
        prompts.say("Changes:");
        changed.forEach(f -> prompts.say("  " + f.label() + ": " + f.show(saved) + " -> " + f.show(edited)));
        if (!prompts.yes("Save these changes?", true)) {
            prompts.say("Nothing was saved.");
            return;
        }
        try {
            configuration.save(actor, edited, describe(changed, edited));
        } catch (InvalidSettingsException e) {
            // another administrator changed something meanwhile (a group deleted, say)
            prompts.say("Nothing was saved: " + String.join("; ", e.problems()) + ". Choose option 3 again.");
            return;
        }
        prompts.say("Saved.");
        offerRestart(prompts, actor, changed);
    }

    /** Asks one field until its value is readable and allowed; returns the draft with it. */
    private SshSettingsDraft ask(OperatorPrompts prompts, SshField field, SshSettingsDraft draft) {
        while (true) {
            SshSettings current = draft.toSettings();
            String typed = prompts.answer(field.label() + " (" + field.accepted() + ")", field.show(current));
            SshSettingsDraft candidate = new SshSettingsDraft(current);
            try {
                field.apply(candidate, typed);
            } catch (IllegalArgumentException e) {
                prompts.say("  " + e.getMessage());
                continue;
            }
            List<String> problems = configuration.problems(candidate.toSettings()).stream()
                    .filter(field::isAbout).toList();
            if (problems.isEmpty()) {
                return candidate;
            }
            problems.forEach(p -> prompts.say("  " + p));
        }
    }

    private void offerRestart(OperatorPrompts prompts, Actor actor, List<SshField> changed) {
        if (changed.stream().noneMatch(SshField::appliesAtRestart)) {
            prompts.say("The changes apply to the next login.");
            return;
        }
        if (!sshService.isRunning()) {
            prompts.say("The changes apply when the SSH service starts (option 2).");
            return;
        }
        if (!prompts.yes("Port, interfaces, algorithms and compression apply when the SSH service restarts;"
                + " established sessions go on. Restart it now?", true)) {
            prompts.say("The running SSH service keeps its old listener settings until it restarts.");
            return;
        }
        sshSwitch.restart(prompts, actor);
    }

    static List<SshField> changedFields(SshSettings before, SshSettings after) {
        List<SshField> changed = new ArrayList<>();
        for (SshField field : SshField.values()) {
            if (!field.show(before).equals(field.show(after))) {
                changed.add(field);
            }
        }
        return changed;
    }

    /** For the audit log: {@code tcp-port=2223 compression=yes}. */
    private static String describe(List<SshField> changed, SshSettings after) {
        List<String> parts = new ArrayList<>();
        changed.forEach(f -> parts.add(f.option() + "=" + f.show(after)));
        return String.join(" ", parts);
    }
}
