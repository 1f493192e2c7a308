package io.portcullis.app;

import io.portcullis.accounts.AccountException;
import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.PasswordPolicy;
import io.portcullis.app.StartupOptions.UsageException;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.conf.ApplianceConf;
import io.portcullis.conf.CurrentConf;
import io.portcullis.host.DataDirectory;
import io.portcullis.host.JournalStream;
import io.portcullis.host.OpenFileLimit;
import io.portcullis.host.RandomPasswords;
import io.portcullis.keypairs.HostKeys;
import io.portcullis.menu.LocalConsole;
import io.portcullis.services.Services;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSetting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The appliance's life: the first-run steps of SPEC §1 (host keys, homes, the first administrator
 * password), starting the services marked Start Automatically, and the orderly shutdown.
 */
@Component
public class Appliance {

    private static final Logger log = LoggerFactory.getLogger(Appliance.class);

    public static final String LOG_FILE_SIZE = "10MB";
    public static final String LOG_TOTAL_SIZE_CAP = "50MB";

    /** Everything checked before Spring starts, so bad input fails in one line with nothing written. */
    public record Launch(StartupOptions options, DataDirectory dataDirectory, ApplianceConf conf,
                         Optional<String> adminPassword, boolean freshDatabase) {
    }

    private final Launch launch;
    private final Accounts accounts;
    private final HostKeys hostKeys;
    private final SshConfiguration sshConfiguration;
    private final Services services;
    private final LocalConsole localConsole;
    private final ShutdownSignal shutdown;
    private final ConfReload confReload;

    public Appliance(Launch launch, Accounts accounts, HostKeys hostKeys, SshConfiguration sshConfiguration,
                     Services services, LocalConsole localConsole, ShutdownSignal shutdown, ConfReload confReload) {
        this.confReload = confReload;
        this.launch = launch;
        this.accounts = accounts;
        this.hostKeys = hostKeys;
        this.sshConfiguration = sshConfiguration;
        this.services = services;
        this.localConsole = localConsole;
        this.shutdown = shutdown;
    }

    /** Checks the flags' files and the data directory; throws with the one line to print. */
    public static Launch prepare(StartupOptions options) throws UsageException {
        Optional<String> password = Optional.empty();
        if (options.adminPasswordFile().isPresent()) {
            Path file = options.adminPasswordFile().get();
            try {
                String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
                PasswordPolicy.check(first);
                password = Optional.of(first);
            } catch (IOException e) {
                throw new UsageException("--admin-password-file " + file + ": cannot read it (" + e.getMessage()
                        + "); give a readable file whose first line is the password");
            } catch (AccountException e) {
                throw new UsageException("--admin-password-file " + file + ": the first line is not a usable "
                        + e.getMessage());
            }
        }
        if (options.sshPort().isPresent()) {
            checkPortFree(options.sshPort().get());
        }
        DataDirectory dataDirectory = new DataDirectory(options.dataDir());
        boolean freshDatabase = dataDirectory.databaseIsNew();
        try {
            dataDirectory.prepare();
        } catch (IOException | RuntimeException e) {
            throw new UsageException("data directory " + dataDirectory.root() + " is not usable (" + e.getMessage()
                    + "); give a writable directory with --data-dir DIR");
        }
        ApplianceConf conf;
        try {
            conf = ApplianceConfFile.loadFor(options, dataDirectory.root());
        } catch (ApplianceConfFile.ConfException e) {
            throw new UsageException(e.getMessage());
        }
        Optional<Path> confDevice = conf.consoleDevice();
        if (options.consoleDevice().isPresent()) {
            checkConsoleDevice(options.consoleDevice().get(), "--console-device");
        } else if (!options.noConsole() && confDevice.isPresent()) {
            checkConsoleDevice(confDevice.get(), "console.device in " + conf.source());
            options = options.withConsoleDevice(confDevice.get());
        }
        return new Launch(options, dataDirectory, conf, password, freshDatabase);
    }

    /** A serial line or a pty is a character device; a regular file would end the menu at once, again and again. */
    private static void checkConsoleDevice(Path device, String namedBy) throws UsageException {
        int characterDevice = 0020000;
        int fileType = 0170000;
        try {
            int mode = (Integer) Files.getAttribute(device, "unix:mode");
            if ((mode & fileType) != characterDevice) {
                throw new UsageException(namedBy + " " + device + ": not a terminal device; give a serial line"
                        + " such as /dev/ttyS0 or a pty such as /dev/pts/3");
            }
        } catch (IOException e) {
            throw new UsageException(namedBy + " " + device + ": no such device (" + e.getMessage()
                    + "); give a serial line such as /dev/ttyS0 or a pty such as /dev/pts/3");
        }
    }

    private static void checkPortFree(int port) throws UsageException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(port));
        } catch (IOException e) {
            throw new UsageException("--ssh-port " + port + ": cannot listen there (" + e.getMessage()
                    + "); choose a free port" + (port < 1024 ? " (ports below 1024 need root)" : ""));
        }
    }

    /** Starts Spring and the appliance; the returned context is running until closed. */
    public static ConfigurableApplicationContext start(Launch launch) {
        try {
            launch.dataDirectory().restrictModes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restrict the modes in the data directory " + launch.dataDirectory()
                    .root() + ": " + e.getMessage(), e);
        }
        SpringApplication app = new SpringApplication(PortcullisConfiguration.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setRegisterShutdownHook(false);
        Map<String, Object> properties = new HashMap<>();
        properties.put("logging.file.name", launch.dataDirectory().logs().resolve("portcullis.log").toString());
        // Under systemd the console lines carry their priority for the journal (application.properties).
        properties.put("portcullis.log.console", JournalStream.connected(JournalStream.STDOUT) ? "journal" : "plain");
        // the log directory is bounded: the current file up to 10 MB, the older ones (compressed) 50 MB in all
        properties.put("logging.logback.rollingpolicy.max-file-size", LOG_FILE_SIZE);
        properties.put("logging.logback.rollingpolicy.total-size-cap", LOG_TOTAL_SIZE_CAP);
        app.setDefaultProperties(properties);
        app.addInitializers(context -> context.getBeanFactory().registerSingleton("launch", launch));
        app.addInitializers(context -> context.getBeanFactory().registerSingleton("dataDirectory", launch.dataDirectory()));
        // the parts of portcullis.conf are read from one holder, which a re-read of the file could replace whole
        app.addInitializers(context -> context.getBeanFactory().registerSingleton("currentConf",
                new CurrentConf(launch.conf())));
        ConfigurableApplicationContext context = app.run();
        try {
            context.getBean(Appliance.class).boot();
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        return context;
    }

    void boot() {
        log.info("data directory {}", launch.dataDirectory().root());
        log.info("{}", OpenFileLimit.raise().describe());
        installShippedConf();
        hostKeys.loadOrGenerate();
        accounts.withdrawFromHost();
        if (launch.freshDatabase()) {
            accounts.moveBuiltinIdsOffTheHost();
        }
        accounts.checkAgainstHost();
        accounts.createMissingHomes();
        accounts.publishToHost();
        launch.options().sshPort().ifPresent(port -> sshConfiguration.save(Actor.SYSTEM, SshSetting.TCP_PORT, port));
        setUpAdminPassword();
        hostKeys.fingerprints().forEach(f -> log.info("ssh host key {}", f));
        List<String> failed = services.startAutomatic();
        if (!failed.isEmpty() && !launch.options().consoleWillRun()) {
            // Nothing could reach an appliance with no listener and no local console: say so and stop.
            throw new IllegalStateException("service " + String.join(", ", failed) + " did not start (see above), and"
                    + " no local console runs to fix it from");
        }
        // the menu comes last: it must see a complete appliance, and never hold up start-up or SSH
        launch.options().consoleTerminal().ifPresent(localConsole::start);
    }

    /**
     * An operator finds the machine's settings next to the database, documented and commented out;
     * with {@code --conf} they are in that file, and a copy in the data directory would only mislead.
     */
    private void installShippedConf() {
        if (launch.options().confFile().isPresent()) {
            return;
        }
        try {
            ApplianceConfFile.installShippedDefaults(launch.dataDirectory().root());
        } catch (IOException e) {
            log.warn("could not copy the shipped {} into {}: {}", ApplianceConf.FILE_NAME,
                    launch.dataDirectory().root(), e.getMessage());
        }
    }

    /** SPEC §1: the first administrator password never has a default. */
    private void setUpAdminPassword() {
        Path initialFile = launch.dataDirectory().initialAdminPasswordFile();
        if (launch.adminPassword().isPresent()) {
            accounts.setPassword(Actor.SYSTEM, Accounts.ADMIN, launch.adminPassword().get());
            log.info("password of 'admin' set from {}", launch.options().adminPasswordFile().get());
            return;
        }
        if (accounts.require(Accounts.ADMIN).hasPassword()) {
            return;
        }
        Optional<Path> console = launch.options().consoleTerminal();
        if (console.isPresent()) {
            log.warn("no administrator password is set yet: the local console menu on {} asks for it before"
                    + " anything else", console.get());
            return;
        }
        String password = RandomPasswords.generate();
        accounts.setPassword(Actor.SYSTEM, Accounts.ADMIN, password);
        try {
            Files.deleteIfExists(initialFile);
            Files.createFile(initialFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(initialFile, password + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + initialFile + ": " + e.getMessage(), e);
        }
        log.warn("no administrator password was set: the initial password of 'admin' is in {} (readable by this"
                + " user only); log in and change it with 'accounts users passwd admin'", initialFile);
    }

    /** SIGHUP: portcullis.conf read again; a bad file changes nothing (see {@link ConfReload}). */
    public void reloadConf() {
        try {
            confReload.reload();
        } catch (RuntimeException e) {
            log.error("reload of {} failed; the running configuration is kept", ApplianceConf.FILE_NAME, e);
        }
    }

    public void requestShutdown() {
        shutdown.request();
    }

    public void awaitShutdownRequest() {
        shutdown.await();
    }

    @EventListener(ContextClosedEvent.class)
    public void onClose() {
        log.info("shutting down");
        services.shutdown("Portcullis is shutting down");
        accounts.withdrawFromHost();
    }
}
