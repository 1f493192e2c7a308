package io.portcullis.settings;

import java.util.List;
import java.util.Set;

/** Every field of the SSH service settings (SPEC §3), as stored. */
public record SshSettings(
        int tcpPort,
        List<String> bindInterfaces,
        boolean rootLoginWithPassword,
        boolean passwordAuth,
        List<String> passwordLoginGroups,
        boolean kerberosAuth,
        boolean tcpForwarding,
        boolean compression,
        SftpLogLevel sftpLogLevel,
        SyslogFacility sftpLogFacility,
        Set<WeakCipher> weakCiphers,
        String auxParams) {

    public static final SshSettings DEFAULTS = new SshSettings(2222, List.of(), false, true, List.of(), false, false,
            false, SftpLogLevel.ERROR, SyslogFacility.AUTH, Set.of(), "");

    public SshSettings {
        bindInterfaces = List.copyOf(bindInterfaces);
        passwordLoginGroups = List.copyOf(passwordLoginGroups);
        weakCiphers = Set.copyOf(weakCiphers);
    }

    public SshSettings withTcpPort(int port) {
        return new SshSettings(port, bindInterfaces, rootLoginWithPassword, passwordAuth, passwordLoginGroups,
                kerberosAuth, tcpForwarding, compression, sftpLogLevel, sftpLogFacility, weakCiphers, auxParams);
    }
}
