package io.portcullis.testing;

import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.services.Services;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettings;
import io.portcullis.settings.SshSettingsRules;
import io.portcullis.settings.WeakCipher;
import io.portcullis.store.SshSettingsRepository;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Changes the saved SSH settings of a test appliance through the same validation as {@code ssh set}. */
public final class Settings {

    private static final Actor TEST = new Actor("test", "local");

    private Settings() {
    }

    public static void change(RunningAppliance appliance, UnaryOperator<SshSettings> change) {
        SshConfiguration config = appliance.bean(SshConfiguration.class);
        config.save(TEST, change.apply(config.saved()), "test");
    }

    /** Saves and restarts the SSH service so listener/algorithm changes take effect. */
    public static void changeAndRestart(RunningAppliance appliance, UnaryOperator<SshSettings> change) {
        change(appliance, change);
        appliance.bean(Services.class).restart(TEST, "ssh");
    }

    /** Every setting back at its default but the port the appliance listens on; the next logins see them. */
    public static void backToDefaults(RunningAppliance appliance) {
        change(appliance, s -> SshSettings.DEFAULTS.with(SshSetting.TCP_PORT, appliance.port()));
    }

    /** {@link #backToDefaults}, and the SSH service restarted so that listener and algorithm settings are too. */
    public static void backToDefaultsAndRestart(RunningAppliance appliance) {
        changeAndRestart(appliance, s -> SshSettings.DEFAULTS.with(SshSetting.TCP_PORT, appliance.port()));
    }

    public static SshSettings aux(SshSettings s, String text) {
        return s.with(SshSetting.AUX_PARAMS, text);
    }

    public static SshSettings weakCiphers(SshSettings s, Set<WeakCipher> weak) {
        return s.with(SshSetting.WEAK_CIPHERS, weak);
    }

    public static SshSettings compression(SshSettings s, boolean on) {
        return s.with(SshSetting.COMPRESSION, on);
    }

    /** Writes the settings' columns as they are, with no validation and no audit line (as a hand edit would). */
    public static void store(RunningAppliance appliance, SshSettings settings) {
        appliance.bean(SshSettingsRepository.class).save(SshSettingsRules.columns(settings));
    }
}
