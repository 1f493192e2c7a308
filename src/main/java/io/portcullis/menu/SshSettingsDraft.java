package io.portcullis.menu;

import io.portcullis.ssh.SftpLogLevel;
import io.portcullis.ssh.SshSettings;
import io.portcullis.ssh.SyslogFacility;
import io.portcullis.ssh.WeakCipher;
import java.util.List;
import java.util.Set;

/** SSH settings being edited field by field in option 3; nothing here is saved until the walk ends. */
final class SshSettingsDraft {

    int tcpPort;
    List<String> bindInterfaces;
    boolean rootLoginWithPassword;
    boolean passwordAuth;
    List<String> passwordLoginGroups;
    boolean kerberosAuth;
    boolean tcpForwarding;
    boolean compression;
    SftpLogLevel sftpLogLevel;
    SyslogFacility sftpLogFacility;
    Set<WeakCipher> weakCiphers;
    String auxParams;

    SshSettingsDraft(SshSettings s) {
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

    SshSettings toSettings() {
        return new SshSettings(tcpPort, bindInterfaces, rootLoginWithPassword, passwordAuth, passwordLoginGroups,
                kerberosAuth, tcpForwarding, compression, sftpLogLevel, sftpLogFacility, weakCiphers, auxParams);
    }
}
