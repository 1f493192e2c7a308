package io.portcullis.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The built jar ({@code target/portcullis.jar}) run as a separate process, as an operator would. */
public final class ApplianceProcess implements AutoCloseable {

    /** How long a jar of the test machine may take to listen (a bound for a loaded machine, not a measure). */
    static final Duration START = Duration.ofSeconds(90);

    private final Process process;
    /** The port it serves SSH on, when it was started by {@link #serve}; 0 otherwise. */
    private int port;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();

    private ApplianceProcess(Process process) {
        this.process = process;
        readers.add(follow(process.getInputStream(), stdout));
        readers.add(follow(process.getErrorStream(), stderr));
    }

    public static Path jar() {
        String jar = System.getProperty("portcullis.jar", "target/portcullis.jar");
        return Path.of(jar).toAbsolutePath();
    }

    public static ApplianceProcess start(String... args) throws IOException {
        return startWith(List.of(), List.of(), args);
    }

    /**
     * Starts with {@code launcher} before {@code java} (e.g. {@code prlimit --nofile=1024:4096 --}, which
     * execs it, so the process is the appliance's) and {@code jvmOptions} after it.
     */
    public static ApplianceProcess startWith(List<String> launcher, List<String> jvmOptions, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.add("java");
        command.addAll(jvmOptions);
        command.addAll(List.of("-Xmx256m", "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return new ApplianceProcess(pb.start());
    }

    /**
     * The jar serving SSH from {@code dataDir} on {@code port}, as {@link RunningAppliance} does in-process:
     * the test conf unless the directory has one ({@link RunningAppliance#withConf}), {@code admin}'s password
     * {@link RunningAppliance#ADMIN_PASSWORD}, no console; returned once it listens. {@code launcher} and
     * {@code jvmOptions} as for {@link #startWith}.
     */
    public static ApplianceProcess serve(Path dataDir, int port, List<String> launcher, List<String> jvmOptions)
            throws IOException, InterruptedException {
        if (!Files.exists(dataDir.resolve(io.portcullis.conf.ApplianceConf.FILE_NAME))) {
            RunningAppliance.withConf(dataDir);
        }
        Path password = dataDir.resolveSibling(dataDir.getFileName() + "-admin-password");
        Files.writeString(password, RunningAppliance.ADMIN_PASSWORD + "\n");
        ApplianceProcess app = startWith(launcher, jvmOptions, "--data-dir", dataDir.toString(), "--ssh-port",
                Integer.toString(port), "--admin-password-file", password.toString(), "--no-console");
        app.port = port;
        try {
            app.awaitLine(l -> l.contains("ssh listening on"), START);
        } catch (AssertionError | InterruptedException e) {
            app.close();
            throw e;
        }
        return app;
    }

    /** {@link #serve} on a free port, with no launcher and no JVM options. */
    public static ApplianceProcess serve(Path dataDir) throws IOException, InterruptedException {
        return serve(dataDir, RunningAppliance.freePort(), List.of(), List.of());
    }

    /** The SSH port of an appliance started by {@link #serve}. */
    public int port() {
        if (port == 0) {
            throw new IllegalStateException("started with arguments of its own: its port is in them");
        }
        return port;
    }

    /** OpenSSH clients logging in as {@code admin} to an appliance started by {@link #serve}. */
    public OpenSsh admin() {
        return OpenSsh.to(port(), "admin").password(RunningAppliance.ADMIN_PASSWORD);
    }

    /** SIGTERM, as systemd stops it, and its exit within 30 s (else it is killed and the test fails). */
    public int stop() throws IOException, InterruptedException {
        try {
            terminate();
            return waitForExit(Duration.ofSeconds(30));
        } finally {
            close();
        }
    }

    /** Runs to completion (for flags that exit at once) and returns the exit status. */
    public int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("appliance did not exit within " + timeout + "; output:\n" + output());
        }
        for (Thread reader : readers) {
            reader.join(5_000);
        }
        return process.exitValue();
    }

    /** Waits for a stdout line matching {@code test}; fails with the whole output if it never comes. */
    public String awaitLine(Predicate<String> test, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            synchronized (stdout) {
                for (String line : stdout) {
                    if (test.test(line)) {
                        return line;
                    }
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching line within " + timeout + "; output:\n" + output());
    }

    /**
     * SIGTERM, as {@code kill PID} or systemd sends it. Not {@link Process#destroy()}: that also closes
     * our end of the output pipes, losing what the appliance prints while it shuts down.
     */
    public void terminate() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * The heap still in use after a full collection, in bytes, as {@code jcmd PID GC.heap_info} reports it
     * (G1, or the sum of the generations of another collector).
     */
    public long liveHeapBytes() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        java.util.regex.Matcher used = java.util.regex.Pattern.compile(
                "(?m)^\\s*(garbage-first heap|def new generation|tenured generation|PSYoungGen|ParOldGen)\\b.*?used (\\d+)K")
                .matcher(info);
        long kib = 0;
        boolean found = false;
        while (used.find()) {
            kib += Long.parseLong(used.group(2));
            found = true;
        }
        if (!found) {
            throw new AssertionError("no heap figure in jcmd GC.heap_info:\n" + info);
        }
        return kib * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        // the jcmd of the JDK the appliance runs on
        Path java = Path.of(process.info().command().orElse("java"));
        Path jcmd = java.resolveSibling("jcmd");
        Process p = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(process.pid()),
                command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("jcmd " + command + " failed:\n" + out);
        }
        return out;
    }

    public List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    public List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    public String output() {
        return "--- stdout\n" + String.join("\n", stdout()) + "\n--- stderr\n" + String.join("\n", stderr());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static Thread follow(java.io.InputStream stream, List<String> into) {
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (into) {
                        into.add(line);
                    }
                }
            } catch (IOException e) {
                // process ended
            }
        }, "appliance-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
