package io.portcullis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one account logs in to a test appliance, by password or by key, said in each client's own terms:
 * OpenSSH's options (with sshpass for a password), PuTTY's {@code -pw} or {@code -i key.ppk} with the pinned
 * host key, curl's {@code -u}/{@code --key} with the pinned host key, an rclone configuration, lftp's connect
 * program, sshfs's options, the {@code ssh} command line that rsync and git run, and paramiko. Host keys are
 * checked where the client can be told them (PuTTY, curl, rclone); the OpenSSH-based ones skip the check.
 */
public record ClientLogin(int port, String user, String password, Path key, String hostKeySha256) {

    /** Every ssh these clients start gives up on a connection that does not answer. */
    private static final List<String> OPENSSH_OPTIONS = List.of("-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10");

    public static ClientLogin byPassword(RunningAppliance appliance, String user, String password) {
        return new ClientLogin(appliance.port(), user, password, null, appliance.hostKeySha256());
    }

    /** {@code key}: an OpenSSH private key, with {@code key.pub} beside it. */
    public static ClientLogin byKey(RunningAppliance appliance, String user, Path key) {
        return new ClientLogin(appliance.port(), user, null, key, appliance.hostKeySha256());
    }

    public boolean usesKey() {
        return key != null;
    }

    /** OpenSSH's ssh, sftp and scp. */
    public OpenSsh openSsh() {
        OpenSsh ssh = OpenSsh.to(port, user);
        return usesKey() ? ssh.identity(key) : ssh.password(password);
    }

    /** plink, psftp and pscp: port, the host key they must see, and the credential (a key as puttygen converts it). */
    public List<String> putty() {
        List<String> args = new ArrayList<>(List.of("-batch", "-P", Integer.toString(port), "-hostkey",
                "SHA256:" + hostKeySha256));
        args.addAll(usesKey() ? List.of("-i", puttyKey(key).toString()) : List.of("-pw", password));
        return args;
    }

    /** curl's sftp:// and scp:// (libssh2): the pinned host key and the credential. */
    public List<String> curl() {
        List<String> args = new ArrayList<>(List.of("--hostpubsha256", hostKeySha256));
        args.addAll(usesKey() ? List.of("-u", user + ":", "--key", key.toString(), "--pubkey", key + ".pub")
                : List.of("-u", user + ":" + password));
        return args;
    }

    /** An rclone configuration file naming this login as the sftp remote {@code name}; the password obscured as rclone keeps it. */
    public Path rcloneConfig(Path file, String name) {
        StringBuilder text = new StringBuilder("[" + name + "]\ntype = sftp\nhost = 127.0.0.1\nport = " + port
                + "\nuser = " + user + "\n");
        if (usesKey()) {
            text.append("key_file = ").append(key).append('\n');
        } else {
            OpenSsh.Result obscured = Program.of("rclone", "obscure", password).timeout(30).run();
            if (obscured.exitCode() != 0) {
                throw new IllegalStateException("rclone obscure failed: " + obscured);
            }
            text.append("pass = ").append(obscured.stdout().strip()).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code ssh} that rsync and git run, as one command line; a password comes from SSHPASS ({@link #sshEnvironment}). */
    public String sshCommand() {
        List<String> words = new ArrayList<>();
        if (!usesKey()) {
            words.addAll(List.of("sshpass", "-e"));
        }
        words.addAll(List.of("ssh", "-p", Integer.toString(port)));
        words.addAll(OPENSSH_OPTIONS);
        words.addAll(credentialOptions());
        return String.join(" ", words);
    }

    /** What {@link #sshCommand} needs in its environment. */
    public Map<String, String> sshEnvironment() {
        return usesKey() ? Map.of() : Map.of("SSHPASS", password);
    }

    /** lftp's commands to connect: its sftp runs ssh itself, answering a password prompt with the password of {@code open -u}. */
    public String lftpOpen() {
        String ssh = String.join(" ", "ssh", "-a", "-x", String.join(" ", OPENSSH_OPTIONS),
                String.join(" ", credentialOptions()));
        return "set sftp:connect-program '" + ssh + "'; set net:max-retries 1; set net:timeout 20; open -u " + user
                + "," + (usesKey() ? "unused" : password) + " -p " + port + " sftp://127.0.0.1";
    }

    /** sshfs's {@code -o} options; with a password, sshfs reads it from standard input. */
    public String sshfsOptions() {
        List<String> options = new ArrayList<>(List.of("StrictHostKeyChecking=no", "UserKnownHostsFile=/dev/null",
                "ConnectTimeout=10", "port=" + port));
        options.addAll(usesKey() ? List.of("IdentityFile=" + key, "IdentitiesOnly=yes", "PasswordAuthentication=no")
                : List.of("password_stdin", "PubkeyAuthentication=no"));
        return String.join(",", options);
    }

    /** A paramiko script run after logging in (see {@link Paramiko}), killed after {@code timeoutSeconds}. */
    public OpenSsh.Result paramiko(String script, long timeoutSeconds) {
        return Paramiko.program(port, user, usesKey() ? "key:" + key : password, script, timeoutSeconds);
    }

    private List<String> credentialOptions() {
        return usesKey()
                ? List.of("-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o", "PasswordAuthentication=no")
                : List.of("-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password");
    }

    /** PuTTY's own key format, converted once by puttygen from the OpenSSH key, beside it. */
    private static synchronized Path puttyKey(Path key) {
        Path ppk = Path.of(key + ".ppk");
        if (!Files.exists(ppk)) {
            OpenSsh.Result r = Program.of("puttygen", key.toString(), "-O", "private", "-o", ppk.toString())
                    .timeout(30).run();
            if (r.exitCode() != 0) {
                throw new IllegalStateException("puttygen failed: " + r);
            }
        }
        return ppk;
    }
}
