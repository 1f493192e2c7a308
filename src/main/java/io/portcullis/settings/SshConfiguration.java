package io.portcullis.settings;

import io.portcullis.accounts.Accounts;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.settings.sshdconfig.AuxParameters;
import io.portcullis.settings.sshdconfig.AuxParametersParser;
import io.portcullis.ssh.Algorithms;
import io.portcullis.store.SshSettingsRepository.StoredSshSettings;
import io.portcullis.store.SshSettingsRepository;
import java.util.List;
import org.springframework.stereotype.Service;

/** The saved SSH settings: read for every login, validated before any save, audited on change. */
@Service
public class SshConfiguration {

    /** A refused change; its message lists every problem. Nothing was saved. */
    public static class InvalidSettingsException extends RuntimeException {
        private final List<String> problems;

        public InvalidSettingsException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private final SshSettingsRepository repository;
    private final Accounts accounts;
    private final AuditLog audit;
    private final KerberosConf kerberos;

    public SshConfiguration(SshSettingsRepository repository, Accounts accounts, AuditLog audit, KerberosConf kerberos) {
        this.repository = repository;
        this.accounts = accounts;
        this.audit = audit;
        this.kerberos = kerberos;
    }

    /** The saved settings, checked: a hand-edited bad row raises with the offending fields. */
    public SshSettings saved() {
        StoredSshSettings raw = repository.loadRaw();
        List<String> problems = SshSettingsRules.problems(raw);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return raw.toSettings();
    }

    /**
     * The saved auxiliary parameters, parsed. Validated when saved; should a hand-edited row no longer
     * parse, logins fall back to OpenSSH's defaults and {@code services start} reports the line.
     */
    public AuxParameters savedAux() {
        String text = repository.loadRaw().auxParams();
        ParsedAux cached = lastAux;
        if (cached != null && cached.text().equals(text)) {
            return cached.parsed();
        }
        AuxParameters parsed;
        try {
            parsed = AuxParametersParser.parse(text, Algorithms.SUPPORTED);
        } catch (IllegalArgumentException e) {
            parsed = AuxParameters.NONE;
        }
        lastAux = new ParsedAux(text == null ? "" : text, parsed);
        return parsed;
    }

    /**
     * The settings and auxiliary parameters a login is judged by, read together. A hand-edited field that
     * does not parse reads as its default here, so logins go on while {@code services start} reports it.
     */
    public LoginRules loginRules() {
        return new LoginRules(repository.loadRaw().toSettingsOrDefaults(), savedAux());
    }

    /**
     * The saved settings as far as they can be read: fields of a hand-edited row that do not parse take their
     * defaults, and {@link #problemsWithSavedRow()} names them. For showing and fixing a broken row.
     */
    public SshSettings savedOrDefaults() {
        return repository.loadRaw().toSettingsOrDefaults();
    }

    /** What is wrong with the stored row as text (a hand-edited database); each problem starts with its field. */
    public List<String> problemsWithSavedRow() {
        return SshSettingsRules.problems(repository.loadRaw());
    }

    private record ParsedAux(String text, AuxParameters parsed) {
    }

    private volatile ParsedAux lastAux;

    /**
     * Problems that would stop the service from starting with the saved settings. A Kerberos set-up
     * that broke since (a keytab gone) is not one of them: it must not take password and key logins
     * down with it, so it is a {@link #warnings() warning} instead.
     */
    public List<String> problemsWithSaved() {
        StoredSshSettings raw = repository.loadRaw();
        List<String> problems = SshSettingsRules.problems(raw);
        if (!problems.isEmpty()) {
            return problems;
        }
        return SshSettingsRules.problems(raw.toSettings(), g -> accounts.findGroup(g).isPresent());
    }

    /** What works less than the saved settings say, e.g. Kerberos logins with an unusable keytab. */
    public List<String> warnings() {
        SshSettings saved = savedOrDefaults();
        return saved.kerberosAuth() ? kerberos.problems() : List.of();
    }

    /**
     * What {@link #save} would refuse in these settings; empty when they can be saved. Turning Kerberos
     * on needs the machine's keytab and realm in portcullis.conf; once on, a keytab that went missing
     * does not block changes to other fields (it is reported by {@link #warnings()}).
     */
    public List<String> problems(SshSettings settings) {
        List<String> problems = new java.util.ArrayList<>(
                SshSettingsRules.problems(settings, g -> accounts.findGroup(g).isPresent()));
        if (settings.kerberosAuth() && !savedOrDefaults().kerberosAuth()) {
            problems.addAll(kerberos.problems());
        }
        return problems;
    }

    /** Validates and saves all fields at once; {@code what} describes the change for the audit log. */
    public void save(Actor actor, SshSettings settings, String what) {
        List<String> problems = problems(settings);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        repository.save(settings);
        audit.change(actor, "ssh set", what);
    }
}
