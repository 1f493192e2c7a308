package io.portcullis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real {@code ssh -tt} session (through sshpass) driven like expect: send keys, wait for text in the
 * output with terminal escape sequences removed. The client's TERM is xterm-256color, as a person's
 * would be.
 */
public final class InteractiveSsh implements AutoCloseable {

    private static final Pattern ESCAPES = Pattern.compile(
            "\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B\\][^\u0007]*\u0007|\u001B[()][A-Za-z0-9]|\u001B[=>78]|\r|\u0007");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final OutputStream keys;
    private final StringBuilder raw = new StringBuilder();
    private final Thread reader;
    private int consumed;

    private InteractiveSsh(Process process) {
        this.process = process;
        this.keys = process.getOutputStream();
        InputStream output = process.getInputStream();
        this.reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = output.read(buffer)) >= 0) {
                    synchronized (raw) {
                        raw.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        raw.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "interactive ssh output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Logs in with a password and requests a PTY of size 0x0, as sshpass does. */
    public static InteractiveSsh open(int port, String user, String password, String... extraOptions) {
        List<String> command = new ArrayList<>(List.of("sshpass", "-e", "ssh", "-tt", "-p", Integer.toString(port),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password", "-o",
                "NumberOfPasswordPrompts=1"));
        for (String option : extraOptions) {
            command.addAll(List.of("-o", option));
        }
        command.add(user + "@127.0.0.1");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SSHPASS", password);
        pb.environment().put("TERM", "xterm-256color");
        try {
            return new InteractiveSsh(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InteractiveSsh send(String keysTyped) {
        return send(keysTyped.getBytes(StandardCharsets.UTF_8));
    }

    public InteractiveSsh send(byte[] bytes) {
        try {
            keys.write(bytes);
            keys.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the ssh client is gone:\n" + all(), e);
        }
        return this;
    }

    /** Types a line and Enter. */
    public InteractiveSsh line(String text) {
        return send(text + "\r");
    }

    /**
     * Waits until {@code text} appears after what earlier waits consumed; returns the output up to and
     * including it (escape sequences removed) and consumes it.
     */
    public String expect(String text) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (raw) {
            while (true) {
                String clean = clean(raw.toString());
                int at = clean.indexOf(text, consumed);
                if (at >= 0) {
                    String seen = clean.substring(consumed, at + text.length());
                    consumed = at + text.length();
                    return seen;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && !reader.isAlive()) {
                    throw new AssertionError("did not see '" + text + "' in:\n" + clean.substring(consumed));
                }
                try {
                    raw.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            }
        }
    }

    /** Everything printed so far, escape sequences removed. */
    public String all() {
        synchronized (raw) {
            return clean(raw.toString());
        }
    }

    /** Waits for the client to end and returns its exit status. */
    public int awaitExit() {
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the session did not end:\n" + all());
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    static String clean(String output) {
        return ESCAPES.matcher(output).replaceAll("");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
