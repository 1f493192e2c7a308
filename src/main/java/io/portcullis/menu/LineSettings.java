package io.portcullis.menu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel settings of the console's line, made with {@code stty -F}. The kernel's own line editing
 * and echo are turned off ({@code raw -echo}) because JLine does both; the serial settings make a
 * three-wire 8N1 line work without modem control, and are left out one by one where the device refuses
 * them (a pty has no parity, for instance). The speed is left as the kernel or the operator set it.
 */
final class LineSettings {

    private static final Logger log = LoggerFactory.getLogger(LineSettings.class);

    /** 8 data bits, no parity, 1 stop bit; ignore carrier detect so no hangup; no RTS/CTS flow control. */
    static final List<String> SERIAL = List.of("cs8", "-parenb", "-cstopb", "clocal", "-crtscts");

    /** What the line was set to before, to put it back when the menu lets go of it. */
    private final Optional<String> saved;
    private final Path device;
    private final boolean terminal;
    private final List<String> ignored;

    private LineSettings(Path device, Optional<String> saved, boolean terminal, List<String> ignored) {
        this.device = device;
        this.saved = saved;
        this.terminal = terminal;
        this.ignored = List.copyOf(ignored);
    }

    /**
     * Remembers the line's settings and makes it raw; a device that is not a terminal keeps whatever it
     * has, and the menu still runs on it.
     */
    static LineSettings takeOver(Path device) {
        Optional<String> saved = stty(device, "-g").map(String::strip);
        Optional<String> refused = refusal(device, "raw", "-echo");
        refused.ifPresent(reason -> log.warn("console device {} is not a terminal ({}): the menu runs on it without"
                + " terminal settings", device, reason));
        List<String> ignored = new ArrayList<>();
        for (String setting : SERIAL) {
            refusal(device, setting).ifPresent(reason -> ignored.add(setting));
        }
        if (!ignored.isEmpty()) {
            log.debug("console device {} does not take the serial settings {}; they do not apply to it", device, ignored);
        }
        return new LineSettings(device, saved, refused.isEmpty(), ignored);
    }

    /** Whether the device took the raw settings, i.e. is a terminal. */
    boolean isTerminal() {
        return terminal;
    }

    /** The serial settings the device refused and that were left out. */
    List<String> ignoredSerialSettings() {
        return ignored;
    }

    /** Puts back what the line had before {@link #takeOver}, so a shell on the start terminal works afterwards. */
    void restore() {
        saved.ifPresent(settings -> refusal(device, settings).ifPresent(reason ->
                log.debug("could not restore the settings of {}: {}", device, reason)));
    }

    /** The size the line's terminal reports, or 80x24 for a serial line, which knows none. */
    Size size() {
        return stty(device, "size").map(String::strip).map(LineSettings::parseSize).orElse(new Size(80, 24));
    }

    private static Size parseSize(String rowsColumns) {
        String[] parts = rowsColumns.split("\\s+");
        try {
            int rows = Integer.parseInt(parts[0]);
            int columns = Integer.parseInt(parts[1]);
            if (rows > 0 && columns > 0) {
                return new Size(columns, rows);
            }
        } catch (RuntimeException e) {
            // not a size: use the serial default
        }
        return new Size(80, 24);
    }

    /** Runs stty on the device; empty when it failed. */
    private static Optional<String> stty(Path device, String... settings) {
        SttyResult result = run(device, settings);
        return result.ok() ? Optional.of(result.output()) : Optional.empty();
    }

    /** Why stty refused the settings, or empty when it took them. */
    private static Optional<String> refusal(Path device, String... settings) {
        SttyResult result = run(device, settings);
        return result.ok() ? Optional.empty() : Optional.of(result.output().strip());
    }

    private record SttyResult(boolean ok, String output) {
    }

    private static SttyResult run(Path device, String... settings) {
        List<String> command = new ArrayList<>(List.of("stty", "-F", device.toString()));
        command.addAll(List.of(settings));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new SttyResult(false, "stty did not finish");
            }
            return new SttyResult(process.exitValue() == 0, output);
        } catch (IOException e) {
            return new SttyResult(false, "cannot run stty: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SttyResult(false, "interrupted");
        }
    }
}
