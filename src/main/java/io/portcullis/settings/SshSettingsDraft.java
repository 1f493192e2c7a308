package io.portcullis.settings;

import java.util.List;
import java.util.Set;

/**
 * SSH settings being edited field by field (by {@code ssh set} or the local menu's walkthrough) before
 * they are validated and saved as one. Deliberately a plain mutable draft; {@link #toSettings()} makes
 * the immutable record again.
 */
public final class SshSettingsDraft {

    public int tcpPort;
    public List<String> bindInterfaces;
    public boolean rootLoginWithPassword;
    public boolean passwordAuth;
    public List<String> passwordLoginGroups;
    public boolean kerberosAuth;
    public boolean tcpForwarding;
    public boolean compression;
    public SftpLogLevel sftpLogLevel;
    public SyslogFacility sftpLogFacility;
    public Set<WeakCipher> weakCiphers;
    public String auxParams;

    public SshSettingsDraft(SshSettings s) {
        tcpPort = s.tcpPort();
        bindInterfaces = s.bindInterfaces();
        rootLoginWithPassword = s.rootLoginWithPassword();
        passwordAuth = s.passwordAuth();
        passwordLoginGroups = s.passwordLoginGroups();
        kerberosAuth = s.kerberosAuth();
        tcpForwarding = s.tcpForwarding();
        compression = s.compression();
        sftpLogLevel = s.sftpLogLevel();
        sftpLogFacility = s.sftpLogFacility();
        weakCiphers = s.weakCiphers();
        auxParams = s.auxParams();
    }

    public SshSettings toSettings() {
        return new SshSettings(tcpPort, bindInterfaces, rootLoginWithPassword, passwordAuth, passwordLoginGroups,
                kerberosAuth, tcpForwarding, compression, sftpLogLevel, sftpLogFacility, weakCiphers, auxParams);
    }
}
