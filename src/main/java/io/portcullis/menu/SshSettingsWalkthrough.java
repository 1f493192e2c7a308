package io.portcullis.menu;

import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.settings.AppliesAt;
import io.portcullis.settings.SettingValueException;
import io.portcullis.settings.SshConfiguration.InvalidSettingsException;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettings;
import io.portcullis.ssh.SshService;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Option 3: every SSH setting ({@link SshSetting#ALL}) in turn with its saved value as the default. A value
 * is read by the setting's own type and checked by the same rules as {@code ssh set}, and asked again while
 * refused; nothing is saved until the last setting is accepted, and then everything is saved at once.
 */
@Component
class SshSettingsWalkthrough {

    /** Typed for a list or text: empty it (Enter keeps the value in brackets). */
    static final String CLEAR = "-";

    private final SshConfiguration configuration;
    private final SshService sshService;
    private final SshServiceSwitch sshSwitch;

    SshSettingsWalkthrough(SshConfiguration configuration, SshService sshService, SshServiceSwitch sshSwitch) {
        this.configuration = configuration;
        this.sshService = sshService;
        this.sshSwitch = sshSwitch;
    }

    void run(OperatorPrompts prompts, Actor actor) {
        // a hand-edited setting that does not read is offered at its fallback, so this is where to fix it
        SshSettings saved = configuration.savedOrDefaults();
        List<String> unreadable = configuration.problemsWithSavedRow();
        unreadable.forEach(p -> prompts.say("  " + p));
        prompts.say("Configure the SSH service. Enter keeps the value in brackets; '" + CLEAR
                + "' empties a list; Ctrl-C leaves without saving anything.");
        SshSettings edited = saved;
        for (SshSetting<?> setting : SshSetting.ALL) {
            edited = ask(prompts, setting, edited);
        }
        SshSettings result = edited;
        List<SshSetting<?>> changed = SshSetting.ALL.stream()
                .filter(s -> !saved.sameAs(result, s) || unreadable.stream().anyMatch(s::isAbout)).toList();
        if (changed.isEmpty()) {
            prompts.say("Nothing changed; nothing was saved.");
            return;
        }
        prompts.say("Changes:");
        for (SshSetting<?> s : changed) {
            prompts.say("  " + s.label() + ": " + shown(s, saved) + " -> " + shown(s, edited));
        }
        if (!prompts.yes("Save these changes?", true)) {
            prompts.say("Nothing was saved.");
            return;
        }
        try {
            configuration.save(actor, edited, SshConfiguration.describeChange(changed, edited));
        } catch (InvalidSettingsException e) {
            // another administrator changed something meanwhile (a group deleted, say)
            prompts.say("Nothing was saved: " + String.join("; ", e.problems()) + ". Choose option 3 again.");
            return;
        }
        prompts.say("Saved.");
        offerRestart(prompts, actor, changed);
    }

    /** Asks one setting until its value reads and is allowed; returns the settings with it. */
    private SshSettings ask(OperatorPrompts prompts, SshSetting<?> setting, SshSettings current) {
        while (true) {
            String typed = prompts.answer(setting.label() + " (" + accepted(setting) + ")", shown(setting, current));
            SshSettings candidate;
            try {
                candidate = withTyped(setting, current, typed);
            } catch (SettingValueException e) {
                prompts.say("  " + setting.key() + ": '" + e.text() + "' " + e.problem());
                continue;
            }
            List<String> problems = configuration.problems(candidate).stream().filter(setting::isAbout).toList();
            if (problems.isEmpty()) {
                return candidate;
            }
            problems.forEach(p -> prompts.say("  " + p));
        }
    }

    private static <T> SshSettings withTyped(SshSetting<T> setting, SshSettings current, String typed) {
        boolean cleared = setting.type().clearable() && typed.equals(CLEAR);
        return current.with(setting, setting.parse(cleared ? "" : typed));
    }

    /** What may be typed; for a list or text, how to empty it. */
    private static String accepted(SshSetting<?> setting) {
        if (!setting.type().clearable()) {
            return setting.accepted();
        }
        String or = setting.type().clearWord().map(w -> "or " + w + " ").orElse("");
        return setting.accepted() + "; " + CLEAR + " " + or + "for " + setting.emptyMeaning();
    }

    /** The value as the menu shows it and as it may be typed back. */
    static String shown(SshSetting<?> setting, SshSettings settings) {
        String text = settings.format(setting);
        return text.isEmpty() && setting.type().clearable() ? CLEAR : text;
    }

    private void offerRestart(OperatorPrompts prompts, Actor actor, List<SshSetting<?>> changed) {
        if (changed.stream().noneMatch(s -> s.appliesAt() == AppliesAt.RESTART)) {
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

    static List<SshSetting<?>> changed(SshSettings before, SshSettings after) {
        return SshSetting.ALL.stream().filter(s -> !before.sameAs(after, s)).toList();
    }
}
