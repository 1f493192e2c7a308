package io.portcullis.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The operator's end of a serial line, made with socat: a pty whose slave is linked at {@link #device()}
 * (give it to {@code --console-device}) and whose master socat copies to and from this object. What the
 * appliance writes is kept; {@link #await} waits for text in it, ignoring escape sequences and CRs.
 */
public final class OperatorTerminal implements AutoCloseable {

    private static final Pattern ESCAPES = Pattern.compile("\u001B(\\[[0-9;?]*[ -/]*[@-~]|[()][0-9A-B]|[=>78])|\r|\u0007");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Path device;
    private final Process socat;
    private final OutputStream keyboard;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final Thread reader;
    /** How much of the (cleaned) output earlier awaits have consumed. */
    private int consumed;

    private OperatorTerminal(Path device, Process socat) {
        this.device = device;
        this.socat = socat;
        this.keyboard = socat.getOutputStream();
        this.reader = new Thread(() -> copy(socat.getInputStream()), "operator-terminal");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts socat and waits until the device link exists. */
    public static OperatorTerminal open(Path device) {
        try {
            Files.createDirectories(device.getParent());
            Files.deleteIfExists(device);
            Process socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + device, "STDIO")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Instant deadline = Instant.now().plusSeconds(10);
            while (!Files.exists(device)) {
                if (Instant.now().isAfter(deadline) || !socat.isAlive()) {
                    socat.destroyForcibly();
                    throw new IllegalStateException("socat did not create " + device + "; is socat installed?");
                }
                Thread.sleep(20);
            }
            return new OperatorTerminal(device, socat);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The pty's link, for --console-device; null for {@link #running}. */
    public Path device() {
        return device;
    }

    /**
     * Runs {@code shellCommand} (through /bin/sh) on a new pty that is its controlling terminal, as a
     * program started at a terminal is; the operator types on that pty. No device link is made.
     */
    public static OperatorTerminal running(String shellCommand) {
        if (shellCommand.contains(",") || shellCommand.contains("!!")) {
            throw new IllegalArgumentException("socat would split the command at ',' or '!!': " + shellCommand);
        }
        try {
            Process socat = new ProcessBuilder("socat", "STDIO", "SYSTEM:" + shellCommand + ",pty,setsid,ctty,stderr")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new OperatorTerminal(null, socat);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends keys as typed, e.g. {@code "\u0003"} for Ctrl-C. */
    public OperatorTerminal type(String keys) {
        try {
            keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot type on the operator's terminal", e);
        }
    }

    /** Types a line and presses Enter (a terminal sends CR). */
    public OperatorTerminal enter(String line) {
        return type(line + "\r");
    }

    /** Waits until {@code expected} appears after what earlier awaits consumed; returns the text up to it. */
    public String await(String expected) {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            String text = cleaned();
            int at = text.indexOf(expected, consumed);
            if (at >= 0) {
                String seen = text.substring(consumed, at + expected.length());
                consumed = at + expected.length();
                return seen;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the console did not show '" + expected + "' within " + WAIT.toSeconds()
                        + " s; it showed after the last match:\n" + text.substring(consumed));
            }
            sleep(20);
        }
    }

    /** Waits for the menu's prompt, i.e. the menu is back. */
    public String awaitMenu() {
        return await("Enter an option from 1-10: ");
    }

    /** Everything shown so far, without escape sequences. */
    public String cleaned() {
        String raw;
        synchronized (screen) {
            raw = screen.toString(StandardCharsets.UTF_8);
        }
        return ESCAPES.matcher(raw).replaceAll("");
    }

    /** Everything shown since the last await, without escape sequences. */
    public String sinceLastAwait() {
        return cleaned().substring(consumed);
    }

    /** The line hangs up: socat's input ends, so it closes the pty and the appliance reads end of file. */
    public void hangUp() {
        try {
            keyboard.close();
        } catch (IOException e) {
            // already closed
        }
        try {
            if (!socat.waitFor(10, TimeUnit.SECONDS)) {
                socat.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isConnected() {
        return socat.isAlive();
    }

    @Override
    public void close() {
        socat.destroy();
        try {
            socat.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void copy(InputStream from) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                synchronized (screen) {
                    screen.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // socat ended
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Lines of the given text that contain {@code needle}. */
    public static List<String> linesWith(String text, String needle) {
        return text.lines().filter(l -> l.contains(needle)).toList();
    }
}
