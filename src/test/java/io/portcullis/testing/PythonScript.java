package io.portcullis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of the hostile-client programs in {@code src/test/python}, run by the Debian python3 (which has
 * paramiko, package python3-paramiko; a python3 earlier on PATH may not).
 */
public final class PythonScript {

    public static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final Path output;

    private PythonScript(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code src/test/python/NAME} with these arguments; its stdout and stderr go to one file. */
    public static PythonScript start(String name, Object... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON, Path.of("src/test/python", name).toAbsolutePath().toString()));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        try {
            Path output = Files.createTempFile("python-" + name, ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            return new PythonScript(process, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the program to end; fails with what it printed when it does not end in time or fails. */
    public String await(long timeoutSeconds) {
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("python program still running after " + timeoutSeconds + " s:\n" + output());
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("python program exited " + process.exitValue() + ":\n" + output());
            }
            return output();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public void stop() {
        process.destroyForcibly();
    }

    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
