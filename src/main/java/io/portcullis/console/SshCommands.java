package io.portcullis.console;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.Group;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSettings;
import io.portcullis.settings.SshSettingsDraft;
import io.portcullis.ssh.SshService;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The SSH service settings of the {@code ssh} menu (SPEC §3): show, set, bind-interfaces choices. */
@Component
class SshCommands implements CommandSet {

    private final SshConfiguration configuration;
    private final SshService service;
    private final Accounts accounts;

    SshCommands(SshConfiguration configuration, SshService service, Accounts accounts) {
        this.configuration = configuration;
        this.service = service;
        this.accounts = accounts;
    }

    @Override
    public List<ConsoleCommand> commands() {
        return List.of(
                ConsoleCommand.reading("ssh show", "every SSH setting with its value and default, and which saved"
                        + " values are not in effect yet").options(OptionSpec.JSON).does(this::show),
                ConsoleCommand.changing("ssh set", "change one or more SSH settings at once; an invalid value"
                        + " changes nothing").options(setOptions())
                        .details("""
                                Lists are comma-separated; '' empties one. Who may log in changes at the next login;
                                tcp-port, bind-interfaces, compression, weak-ciphers and aux-params change at the
                                next 'services restart ssh'. Example:
                                  ssh set --tcp-port 2022 --password-login-groups admins --sftp-log-level INFO""")
                        .does(this::set),
                ConsoleCommand.reading("ssh bind-interfaces choices", "the network interfaces --bind-interfaces can"
                        + " name").options(OptionSpec.JSON).does(this::interfaceChoices));
    }

    private List<OptionSpec> setOptions() {
        List<OptionSpec> options = new ArrayList<>();
        for (SshSettingField field : SshSettingField.values()) {
            OptionSpec spec = field.spec();
            if (field == SshSettingField.BIND_INTERFACES) {
                spec = spec.completing(ValueSource.live(SshCommands::interfaceNames));
            } else if (field == SshSettingField.PASSWORD_LOGIN_GROUPS) {
                spec = spec.completing(ValueSource.live(() -> accounts.groups().stream().map(Group::name).toList()));
            }
            options.add(spec);
        }
        return options;
    }

    private void show(Invocation in) {
        // a hand-edited row that does not parse is still shown, with what is wrong and how to fix it
        SshSettings saved = configuration.savedOrDefaults();
        List<String> broken = configuration.problemsWithSaved();
        Optional<SshSettings> effective = service.effective();
        if (in.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("running", effective.isPresent());
            List<Map<String, Object>> fields = new ArrayList<>();
            boolean anyPending = false;
            for (SshSettingField field : SshSettingField.values()) {
                boolean pending = effective.isPresent() && pending(field, saved, effective.get());
                anyPending |= pending;
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("field", field.option());
                f.put("label", field.label());
                f.put("value", field.value(saved));
                f.put("saved", field.value(saved));
                // who-may-log-in fields act from the saved row at every login, so saved is what runs
                f.put("effective", effective.map(e -> field.value(field.needsRestart() ? e : saved)).orElse(null));
                f.put("default", field.value(SshSettings.DEFAULTS));
                f.put("appliesAt", field.needsRestart() ? "restart" : "next-login");
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
        for (SshSettingField field : SshSettingField.values()) {
            boolean pending = effective.isPresent() && pending(field, saved, effective.get());
            anyPending |= pending;
            table.row(field.option(), field.text(saved), field.text(SshSettings.DEFAULTS),
                    pending ? "not in effect (running: " + field.text(effective.get()) + ")" : "");
        }
        table.print(in.out());
        saved.auxParams().lines().forEach(line -> in.out().println("  aux-params | " + line));
        broken.forEach(problem -> in.out().println("PROBLEM: " + problem));
        if (effective.isEmpty()) {
            in.out().println("The ssh service is not running; the saved values apply when it starts.");
        } else if (anyPending) {
            in.out().println("Values not in effect apply at the next 'services restart ssh'.");
        }
    }

    private static boolean pending(SshSettingField field, SshSettings saved, SshSettings effective) {
        return field.needsRestart() && !Objects.equals(field.value(saved), field.value(effective));
    }

    private void set(Invocation in) {
        SshSettings saved = configuration.savedOrDefaults();
        SshSettingsDraft draft = new SshSettingsDraft(saved);
        List<SshSettingField> given = Arrays.stream(SshSettingField.values()).filter(f -> in.has(f.option())).toList();
        if (given.isEmpty()) {
            throw new UsageException("give at least one setting, e.g. --tcp-port 2022; 'ssh set --help' lists them");
        }
        // a field of a hand-edited row that does not parse is never replaced behind the administrator's back
        List<String> unreadable = configuration.problemsWithSavedRow().stream()
                .filter(p -> given.stream().noneMatch(f -> p.startsWith(f.option() + " ") || p.startsWith(f.option() + ":")))
                .toList();
        if (!unreadable.isEmpty()) {
            throw new CommandRefusedException("the saved settings cannot be read: " + String.join("; ", unreadable)
                    + "; give those fields a value in this 'ssh set' as well");
        }
        given.forEach(field -> field.apply(draft, in.text(field.option()).orElseThrow()));
        SshSettings wanted = draft.toSettings();
        List<SshSettingField> changed = given.stream()
                .filter(f -> !Objects.equals(f.value(saved), f.value(wanted))).toList();
        if (changed.isEmpty()) {
            in.out().println("nothing changed: the settings have these values already");
            return;
        }
        String what = String.join(" ", changed.stream().map(f -> f.option() + "=" + f.text(wanted)).toList());
        configuration.save(in.actor(), wanted, what);
        in.out().println("saved: " + what);
        List<String> atRestart = changed.stream().filter(SshSettingField::needsRestart).map(SshSettingField::option)
                .toList();
        if (!atRestart.isEmpty() && service.isRunning()) {
            in.out().println(String.join(", ", atRestart) + " take" + (atRestart.size() == 1 ? "s" : "")
                    + " effect at the next 'services restart ssh'");
        }
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
            List<NetworkInterface> all = new ArrayList<>(Collections.list(NetworkInterface.getNetworkInterfaces()));
            all.sort((a, b) -> a.getName().compareTo(b.getName()));
            return all;
        } catch (SocketException e) {
            throw new CommandRefusedException("cannot list the network interfaces: " + e.getMessage());
        }
    }

    static List<String> interfaceNames() {
        return interfaces().stream().map(NetworkInterface::getName).toList();
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
