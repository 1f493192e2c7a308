package io.portcullis.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A value for every {@link SshSetting} (SPEC §3): as saved, as being edited, or as a running server was
 * assembled from. Immutable; {@link #with} makes the next one.
 */
public final class SshSettings {

    /** Every setting at its default: what a fresh data directory has and what a reset goes back to. */
    public static final SshSettings DEFAULTS = defaults();

    private final Map<SshSetting<?>, Object> values;

    private SshSettings(Map<SshSetting<?>, Object> values) {
        this.values = values;
    }

    private static SshSettings defaults() {
        Map<SshSetting<?>, Object> values = new LinkedHashMap<>();
        SshSetting.ALL.forEach(s -> values.put(s, s.defaultValue()));
        return new SshSettings(Map.copyOf(values));
    }

    @SuppressWarnings("unchecked")
    public <T> T get(SshSetting<T> setting) {
        return (T) values.get(setting);
    }

    /** These settings with one changed. */
    public <T> SshSettings with(SshSetting<T> setting, T value) {
        Map<SshSetting<?>, Object> changed = new LinkedHashMap<>(values);
        changed.put(setting, Objects.requireNonNull(value, setting.key()));
        return new SshSettings(Map.copyOf(changed));
    }

    /** {@code setting}'s value taken from {@code other}. */
    public <T> SshSettings withValueOf(SshSetting<T> setting, SshSettings other) {
        return with(setting, other.get(setting));
    }

    /** Whether {@code setting} has the same value in both. */
    public boolean sameAs(SshSettings other, SshSetting<?> setting) {
        return Objects.equals(values.get(setting), other.values.get(setting));
    }

    /** The value of {@code setting} as {@code ssh set} takes it back. */
    public <T> String format(SshSetting<T> setting) {
        return setting.format(get(setting));
    }

    /** The value of {@code setting} as {@code ssh show} prints it. */
    public <T> String describe(SshSetting<T> setting) {
        return setting.describe(get(setting));
    }

    /** The value of {@code setting} as {@code --json} gives it. */
    public <T> Object json(SshSetting<T> setting) {
        return setting.type().json(get(setting));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SshSettings other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return SshSetting.ALL.stream().map(s -> s.key() + "=" + format(s)).collect(Collectors.joining(" "));
    }
}
