package io.portcullis.settings;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.Group;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.certificates.CertificateFiles;
import io.portcullis.host.RefusedException;
import io.portcullis.settings.SshSettingsRules.Read;
import io.portcullis.settings.sshdconfig.AuxFile;
import io.portcullis.settings.sshdconfig.AuxParameterException;
import io.portcullis.settings.sshdconfig.AuxParameters;
import io.portcullis.settings.sshdconfig.AuxParametersParser.SupportedAlgorithms;
import io.portcullis.settings.sshdconfig.AuxParametersParser;
import io.portcullis.store.SshSettingsRepository;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/** The saved SSH settings: read for every login, validated before any save, audited on change. */
@Service
public class SshConfiguration {

    /** A refused change; its message lists every problem. Nothing was saved. */
    public static class InvalidSettingsException extends RefusedException {
        private final List<String> problems;

        public InvalidSettingsException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private static final List<String> COLUMNS = SshSetting.ALL.stream().map(SshSetting::column).toList();

    private final SshSettingsRepository repository;
    private final Accounts accounts;
    private final AuditLog audit;
    private final KerberosConf kerberos;
    private final SupportedAlgorithms algorithms;
    private final CertificateFiles certificateFiles;
    private final SettingContext machine = new SettingContext() {
        @Override
        public boolean groupExists(String name) {
            return accounts.findGroup(name).isPresent();
        }

        @Override
        public List<String> groupNames() {
            return accounts.groups().stream().map(Group::name).toList();
        }

        @Override
        public List<String> auxProblems(String text) {
            try {
                parseAux(text);
                return List.of();
            } catch (AuxParameterException e) {
                return List.of(e.getMessage());
            }
        }
    };

    /** {@code algorithms}: the names the server can offer, which the auxiliary parameters' lists may use. */
    public SshConfiguration(SshSettingsRepository repository, Accounts accounts, AuditLog audit, KerberosConf kerberos,
                            SupportedAlgorithms algorithms, CertificateFiles certificateFiles) {
        this.certificateFiles = certificateFiles;
        this.repository = repository;
        this.accounts = accounts;
        this.audit = audit;
        this.kerberos = kerberos;
        this.algorithms = algorithms;
    }

    /** What the settings' rules and completions ask of the appliance. */
    public SettingContext context() {
        return machine;
    }

    private Read read() {
        return SshSettingsRules.read(repository.load(COLUMNS));
    }

    /** The saved settings, checked: a hand-edited row that does not read raises with the offending settings. */
    public SshSettings saved() {
        Read read = read();
        if (!read.problems().isEmpty()) {
            throw new InvalidSettingsException(read.problems());
        }
        return read.settings();
    }

    /**
     * The saved settings as far as they can be read: a setting of a hand-edited row that does not read takes
     * its fallback (a switch is off, anything else its default), and {@link #problemsWithSavedRow()} names it.
     */
    public SshSettings savedOrDefaults() {
        return read().settings();
    }

    /** What of the stored row does not read (a hand-edited database); each problem starts with its setting. */
    public List<String> problemsWithSavedRow() {
        return read().problems();
    }

    /**
     * The saved auxiliary parameters, parsed. Validated when saved; should a hand-edited row no longer
     * parse, logins fall back to OpenSSH's defaults and {@code services start} reports the line.
     */
    public AuxParameters savedAux() {
        return aux(savedOrDefaults().get(SshSetting.AUX_PARAMS));
    }

    private AuxParameters aux(String text) {
        ParsedAux cached = lastAux;
        if (cached != null && cached.text().equals(text)) {
            return cached.parsed();
        }
        AuxParameters parsed;
        try {
            parsed = parseAux(text);
        } catch (IllegalArgumentException e) {
            parsed = AuxParameters.NONE;
        }
        lastAux = new ParsedAux(text, parsed);
        return parsed;
    }

    private AuxParameters parseAux(String text) {
        return AuxParametersParser.parse(text, algorithms, SshSetting.keywords());
    }

    /**
     * The settings and auxiliary parameters a login is judged by, read together. A hand-edited setting that
     * does not read takes its fallback here, so logins go on while {@code ssh show} and {@code services list}
     * name it.
     */
    public LoginRules loginRules() {
        SshSettings settings = savedOrDefaults();
        return new LoginRules(settings, aux(settings.get(SshSetting.AUX_PARAMS)));
    }

    private record ParsedAux(String text, AuxParameters parsed) {
    }

    private volatile ParsedAux lastAux;

    /**
     * Every problem of the saved settings: what does not read, else what breaks a rule. A Kerberos set-up
     * that broke since (a keytab gone) is not one of them: it must not take password and key logins down
     * with it, so it is a {@link #warnings() warning} instead.
     */
    public List<String> problemsWithSaved() {
        Read read = read();
        if (!read.problems().isEmpty()) {
            return read.problems();
        }
        return SshSettingsRules.problems(read.settings(), machine);
    }

    /**
     * The problems that stop the service from starting, all of them named when there is one: those of the
     * settings a start applies (the listener, algorithms, auxiliary parameters) and every broken rule. A
     * setting read at each login that does not read is only a {@link #warnings() warning}: the service runs
     * with its fallback rather than leave nobody able to log in and fix it.
     */
    public List<String> problemsStoppingStart() {
        Read read = read();
        List<String> broken = SshSettingsRules.problems(read.settings(), machine);
        if (broken.isEmpty() && read.problems().stream().allMatch(SshConfiguration::aboutLoginSetting)) {
            return List.of();
        }
        List<String> all = new ArrayList<>(read.problems());
        all.addAll(broken);
        return all;
    }

    private static boolean aboutLoginSetting(String problem) {
        return SshSetting.ALL.stream().anyMatch(s -> s.isAbout(problem) && s.appliesAt() == AppliesAt.NEXT_LOGIN);
    }

    /**
     * What works less than the saved settings say: settings of the row that do not read (and stand at their
     * fallback), Kerberos logins with an unusable keytab.
     */
    public List<String> warnings() {
        Read read = read();
        List<String> warnings = new ArrayList<>();
        for (String problem : read.problems()) {
            SshSetting.ALL.stream().filter(s -> s.isAbout(problem)).findFirst().ifPresent(s ->
                    warnings.add(problem + " (until then it reads as " + read.settings().format(s) + ")"));
        }
        if (read.settings().get(SshSetting.KERBEROS_AUTH)) {
            warnings.addAll(kerberos.problems());
        }
        warnings.addAll(certificateFileProblems(aux(read.settings().get(SshSetting.AUX_PARAMS))));
        return warnings;
    }

    /**
     * What {@link #save} would refuse in these settings; empty when they can be saved. Turning Kerberos
     * on needs the machine's keytab and realm in portcullis.conf; once on, a keytab that went missing
     * does not block changes to other settings (it is reported by {@link #warnings()}).
     */
    public List<String> problems(SshSettings settings) {
        List<String> problems = new ArrayList<>(SshSettingsRules.problems(settings, machine));
        if (settings.get(SshSetting.KERBEROS_AUTH) && !savedOrDefaults().get(SshSetting.KERBEROS_AUTH)) {
            problems.addAll(kerberos.problems());
        }
        String aux = settings.get(SshSetting.AUX_PARAMS);
        if (problems.isEmpty() && !aux.equals(savedOrDefaults().get(SshSetting.AUX_PARAMS))) {
            problems.addAll(certificateFileProblems(parseAux(aux)));
        }
        return problems;
    }

    /**
     * What is wrong with the files TrustedUserCAKeys and RevokedKeys name. Checked when the auxiliary parameters
     * change, so a bad file is refused before it is saved; a file spoiled after that is a {@link #warnings()
     * warning}, and at login it costs certificates (and a RevokedKeys file every certificate) but nothing else.
     */
    private List<String> certificateFileProblems(AuxParameters aux) {
        List<String> problems = new ArrayList<>();
        aux.trustedUserCaKeys().ifPresent(f -> problems.addAll(named("TrustedUserCAKeys", f,
                certificateFiles.trustedCaKeys(f.path()).problems())));
        aux.revokedKeys().ifPresent(f -> problems.addAll(named("RevokedKeys", f,
                certificateFiles.revokedKeys(f.path()).problems())));
        return problems;
    }

    private static List<String> named(String keyword, AuxFile file, List<String> problems) {
        return problems.stream().map(p -> "aux-params line " + file.line() + ": " + keyword + " " + file.path() + ": " + p)
                .toList();
    }

    /** Validates and saves all settings at once; {@code what} describes the change for the audit log. */
    public void save(Actor actor, SshSettings settings, String what) {
        List<String> problems = problems(settings);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        repository.save(SshSettingsRules.columns(settings));
        audit.change(actor, "ssh set", what);
    }

    /**
     * Validates and saves one setting, leaving the others' columns as they are (a hand-edited one that does
     * not read stays for an administrator to see): {@code --ssh-port} at start.
     */
    public <T> void save(Actor actor, SshSetting<T> setting, T value) {
        SshSettings settings = savedOrDefaults().with(setting, value);
        List<String> problems = problems(settings).stream().filter(setting::isAbout).toList();
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        repository.save(java.util.Map.of(setting.column(), setting.type().toColumn(value)));
        audit.change(actor, "ssh set", setting.key() + "=" + settings.describe(setting));
    }

    /** {@code tcp-port=2223 compression=true}: what changed from {@code before}, for the audit log and replies. */
    public static String describeChange(List<SshSetting<?>> changed, SshSettings after) {
        return String.join(" ", changed.stream().map(s -> s.key() + "=" + after.describe(s)).toList());
    }
}
