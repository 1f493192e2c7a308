package io.portcullis.console;

import io.portcullis.accounts.AccountRules;
import io.portcullis.host.RefusedException;
import io.portcullis.settings.AppliesAt;
import io.portcullis.settings.NetworkInterfaces;
import io.portcullis.settings.SettingValueException;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettings;
import io.portcullis.ssh.SshService;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The SSH service settings of the {@code ssh} menu (SPEC §3): show, set, bind-interfaces choices. */
@Component
class SshCommands implements CommandSet {

    /** One option of {@code ssh set} per setting, named by its key and read by its own type. */
    private static final Map<SshSetting<?>, Option<?>> OPTIONS = SshSetting.ALL.stream()
            .collect(Collectors.toUnmodifiableMap(setting -> setting, SshCommands::declare));

    private final SshConfiguration configuration;
    private final SshService service;

    SshCommands(SshConfiguration configuration, SshService service) {
        this.configuration = configuration;
        this.service = service;
    }

    @Override
    public List<ConsoleCommand> commands() {
        ConsoleCommand.Builder set = ConsoleCommand.changing("ssh set", "change one or more SSH settings at once; an"
                + " invalid value changes nothing");
        SshSetting.ALL.forEach(setting -> set.option(option(setting),
                ValueSource.live(() -> setting.completions(configuration.context()))));
        return List.of(
                ConsoleCommand.reading("ssh show", "every SSH setting with its value and default, and which saved"
                        + " values are not in effect yet").options(Option.JSON).does(this::show),
                set.details("Lists are comma-separated; '' empties one. Who may log in changes at the next login;\n"
                                + String.join(", ", SshSetting.ALL.stream().filter(s -> s.appliesAt() == AppliesAt.RESTART)
                                        .map(SshSetting::key).toList())
                                + " change at the next 'services restart ssh'. Example:\n"
                                + "  ssh set --tcp-port 2022 --password-login-groups admins --sftp-log-level INFO")
                        .does(this::set),
                ConsoleCommand.reading("ssh bind-interfaces choices", "the network interfaces --bind-interfaces can"
                        + " name").options(Option.JSON).does(this::interfaceChoices));
    }

    /** A bad value is a usage error naming the setting's option and the setting's own rule. */
    private static <T> Option<T> declare(SshSetting<T> setting) {
        return Option.of(setting.key(), setting.type().valueName(), setting.summary(), ValueType.of((label, text) -> {
            try {
                return setting.parse(text);
            } catch (SettingValueException e) {
                throw new UsageException(label + " '" + AccountRules.printable(e.text()) + "': " + e.hint());
            }
        }, setting::format));
    }

    @SuppressWarnings("unchecked")
    private static <T> Option<T> option(SshSetting<T> setting) {
        return (Option<T>) OPTIONS.get(setting);
    }

    private void show(Invocation in) {
        // a hand-edited row that does not read is still shown, with what is wrong and how to fix it
        SshSettings saved = configuration.savedOrDefaults();
        List<String> broken = configuration.problemsWithSaved();
        Optional<SshSettings> effective = service.effective();
        if (in.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("running", effective.isPresent());
            List<Map<String, Object>> fields = new ArrayList<>();
            boolean anyPending = false;
            for (SshSetting<?> setting : SshSetting.ALL) {
                boolean pending = effective.isPresent() && pending(setting, saved, effective.get());
                anyPending |= pending;
                boolean atRestart = setting.appliesAt() == AppliesAt.RESTART;
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("field", setting.key());
                f.put("label", setting.label());
                f.put("value", saved.json(setting));
                f.put("saved", saved.json(setting));
                // who-may-log-in settings act from the saved row at every login, so saved is what runs
                f.put("effective", effective.map(e -> (atRestart ? e : saved).json(setting)).orElse(null));
                f.put("default", SshSettings.DEFAULTS.json(setting));
                f.put("appliesAt", setting.appliesAt().code());
                f.put("restartPending", pending);
                f.put("inEffect", effective.isPresent() && !pending);
                fields.add(f);
            }
            json.put("restartPending", anyPending);
            json.put("problems", broken);
            json.put("fields", fields);
            in.printJson(json);
            return;
        }
        TextTable table = new TextTable("FIELD", "VALUE", "DEFAULT", "NOTE");
        boolean anyPending = false;
        for (SshSetting<?> setting : SshSetting.ALL) {
            boolean pending = effective.isPresent() && pending(setting, saved, effective.get());
            anyPending |= pending;
            table.row(setting.key(), saved.describe(setting), SshSettings.DEFAULTS.describe(setting),
                    pending ? "not in effect (running: " + effective.get().describe(setting) + ")" : "");
        }
        table.print(in.out());
        for (SshSetting<?> setting : SshSetting.ALL) {
            detailLines(setting, saved).forEach(line -> in.out().println("  " + setting.key() + " | " + line));
        }
        broken.forEach(problem -> in.out().println("PROBLEM: " + problem));
        if (effective.isEmpty()) {
            in.out().println("The ssh service is not running; the saved values apply when it starts.");
        } else if (anyPending) {
            in.out().println("Values not in effect apply at the next 'services restart ssh'.");
        }
    }

    private static <T> List<String> detailLines(SshSetting<T> setting, SshSettings settings) {
        return setting.type().detailLines(settings.get(setting));
    }

    private static boolean pending(SshSetting<?> setting, SshSettings saved, SshSettings effective) {
        return setting.appliesAt() == AppliesAt.RESTART && !saved.sameAs(effective, setting);
    }

    private void set(Invocation in) {
        SshSettings saved = configuration.savedOrDefaults();
        List<SshSetting<?>> given = SshSetting.ALL.stream().filter(s -> in.has(option(s))).toList();
        if (given.isEmpty()) {
            throw new UsageException("give at least one setting, e.g. --tcp-port 2022; 'ssh set --help' lists them");
        }
        // a setting of a hand-edited row that does not read is never replaced behind the administrator's back
        List<String> unreadable = configuration.problemsWithSavedRow();
        List<String> notGiven = unreadable.stream().filter(p -> given.stream().noneMatch(s -> s.isAbout(p))).toList();
        if (!notGiven.isEmpty()) {
            throw new RefusedException("the saved settings cannot be read: " + String.join("; ", notGiven)
                    + "; give those settings a value in this 'ssh set' as well");
        }
        SshSettings wanted = saved;
        for (SshSetting<?> setting : given) {
            wanted = withGiven(wanted, setting, in);
        }
        SshSettings after = wanted;
        // one that did not read is written even when its new value is its fallback
        List<SshSetting<?>> changed = given.stream()
                .filter(s -> !saved.sameAs(after, s) || unreadable.stream().anyMatch(s::isAbout)).toList();
        if (changed.isEmpty()) {
            in.out().println("nothing changed: the settings have these values already");
            return;
        }
        String what = SshConfiguration.describeChange(changed, after);
        configuration.save(in.actor(), after, what);
        in.out().println("saved: " + what);
        List<String> atRestart = changed.stream().filter(s -> s.appliesAt() == AppliesAt.RESTART)
                .map(SshSetting::key).toList();
        if (!atRestart.isEmpty() && service.isRunning()) {
            in.out().println(String.join(", ", atRestart) + " take" + (atRestart.size() == 1 ? "s" : "")
                    + " effect at the next 'services restart ssh'");
        }
    }

    private static <T> SshSettings withGiven(SshSettings settings, SshSetting<T> setting, Invocation in) {
        return settings.with(setting, in.get(option(setting)).orElseThrow());
    }

    private void interfaceChoices(Invocation in) {
        List<NetworkInterface> interfaces = interfaces();
        if (in.json()) {
            in.printJson(interfaces.stream().map(nic -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", nic.getName());
                m.put("up", isUp(nic));
                m.put("addresses", addresses(nic));
                return m;
            }).toList());
            return;
        }
        TextTable table = new TextTable("INTERFACE", "UP", "ADDRESSES");
        interfaces.forEach(nic -> table.row(nic.getName(), TextTable.yesNo(isUp(nic)),
                TextTable.orDash(String.join(" ", addresses(nic)))));
        table.print(in.out());
    }

    private static List<NetworkInterface> interfaces() {
        try {
            return NetworkInterfaces.all();
        } catch (SocketException e) {
            throw new RefusedException("cannot list the network interfaces: " + e.getMessage());
        }
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    private static List<String> addresses(NetworkInterface nic) {
        return Collections.list(nic.getInetAddresses()).stream().map(InetAddress::getHostAddress).toList();
    }
}
