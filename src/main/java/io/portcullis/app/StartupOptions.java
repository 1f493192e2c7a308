package io.portcullis.app;

import io.portcullis.host.ProcessIdentity;
import io.portcullis.menu.LocalConsole;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The start-up flags of {@code java -jar portcullis.jar} (SPEC §10), parsed before Spring starts so a
 * bad flag costs one clear line and exit status 2 instead of a stack trace.
 */
public record StartupOptions(
        Path dataDir,
        Optional<Path> confFile,
        Optional<Path> adminPasswordFile,
        Optional<Integer> sshPort,
        Optional<Path> consoleDevice,
        boolean noConsole,
        boolean help,
        boolean version) {

    public static final String USAGE = """
            Usage: java -jar portcullis.jar [OPTIONS]

            Portcullis, an SSH appliance: an admin console, jailed SFTP/SCP and login shells over SSH.

            Options:
              --data-dir DIR               data directory: database, home directories, logs (default ./data)
              --conf FILE                  read the machine settings from FILE instead of DATA_DIR/portcullis.conf
              --admin-password-file FILE   set the password of 'admin' from the first line of FILE at start
              --ssh-port N                 store N as the SSH service's TCP Port before services start
              --console-device PATH        run the local console menu on this device (serial line or pty)
              --no-console                 no local console menu, even when started on a terminal
              --help                       print this help and exit
              --version                    print the version and exit

            Machine settings (console device, Kerberos keytab and realm, syslog endpoint, addresses never
            penalised, the accounts' id range and records) are read at start from DATA_DIR/portcullis.conf,
            made on first start with every key commented out (or from the --conf FILE, which is never
            written), and again at SIGHUP (systemctl reload); everything else is changed from the admin
            console (ssh -p PORT admin@HOST).
            """;

    /** Thrown for any flag we cannot use; its message is the one line printed before exit 2. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /**
     * Where the local console menu runs: the {@code --console-device}, or the terminal the appliance was
     * started on unless {@code --no-console}. A process started in the background ({@code &}) leaves its
     * terminal to the shell: reading it would stop the whole appliance with SIGTTIN.
     */
    public Optional<Path> consoleTerminal() {
        if (consoleDevice.isPresent()) {
            return consoleDevice;
        }
        if (!noConsole && System.console() != null && ProcessIdentity.inForegroundOfTerminal()) {
            return Optional.of(LocalConsole.START_TERMINAL);
        }
        return Optional.empty();
    }

    /** The console device named in {@code portcullis.conf}, which a flag given on the command line overrides. */
    public StartupOptions withConsoleDevice(Path device) {
        return new StartupOptions(dataDir, confFile, adminPasswordFile, sshPort, Optional.of(device), noConsole, help,
                version);
    }

    public boolean consoleWillRun() {
        return consoleTerminal().isPresent();
    }

    public static StartupOptions parse(List<String> args) throws UsageException {
        Path dataDir = Path.of("data");
        Optional<Path> confFile = Optional.empty();
        Optional<Path> passwordFile = Optional.empty();
        Optional<Integer> sshPort = Optional.empty();
        Optional<Path> consoleDevice = Optional.empty();
        boolean noConsole = false, help = false, version = false;

        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inlineValue = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--version" -> version = true;
                case "--no-console" -> noConsole = true;
                case "--data-dir" -> dataDir = Path.of(nonEmpty(name, inlineValue != null ? inlineValue : value(args, ++i, name)));
                case "--conf" -> confFile = Optional.of(Path.of(nonEmpty(name, inlineValue != null ? inlineValue : value(args, ++i, name))));
                case "--admin-password-file" -> passwordFile = Optional.of(Path.of(nonEmpty(name, inlineValue != null ? inlineValue : value(args, ++i, name))));
                case "--console-device" -> consoleDevice = Optional.of(Path.of(nonEmpty(name, inlineValue != null ? inlineValue : value(args, ++i, name))));
                case "--ssh-port" -> sshPort = Optional.of(port(inlineValue != null ? inlineValue : value(args, ++i, name)));
                default -> throw new UsageException(arg.startsWith("-")
                        ? "unknown option '" + arg + "'; run with --help to list the options"
                        : "unexpected argument '" + arg + "'; run with --help to list the options");
            }
        }
        if (noConsole && consoleDevice.isPresent()) {
            throw new UsageException("--no-console and --console-device contradict each other; give one of them");
        }
        return new StartupOptions(dataDir, confFile, passwordFile, sshPort, consoleDevice, noConsole, help, version);
    }

    private static String value(List<String> args, int i, String flag) throws UsageException {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new UsageException("option " + flag + " needs a value; run with --help to list the options");
        }
        return args.get(i);
    }

    private static String nonEmpty(String flag, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException("option " + flag + " needs a non-empty value");
        }
        return value;
    }

    private static int port(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the rule
        }
        throw new UsageException("--ssh-port: '" + value + "' is not a TCP port; give a whole number from 1 to 65535");
    }
}
