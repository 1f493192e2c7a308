package io.portcullis.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Any client program a test drives (curl, PuTTY's tools, lftp, rclone, sshfs, rsync, git, ssh-audit): its
 * arguments, environment, standard input and working directory, run to its end within a generous bound,
 * with stdout and stderr kept apart.
 */
public final class Program {

    private final List<String> command;
    private final Map<String, String> environment = new HashMap<>();
    private byte[] stdin = new byte[0];
    private Path directory;
    private long timeoutSeconds = 60;

    private Program(List<String> command) {
        this.command = command;
    }

    public static Program of(String... command) {
        return new Program(new ArrayList<>(List.of(command)));
    }

    public static Program of(List<String> command) {
        return new Program(new ArrayList<>(command));
    }

    public Program env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public Program stdin(String text) {
        this.stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public Program in(Path directory) {
        this.directory = directory;
        return this;
    }

    public Program timeout(long seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    /** Runs the program; a program still running after the timeout is killed and fails the test. */
    public OpenSsh.Result run() {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        try {
            Process process = builder.start();
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            try (var in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the program closed its stdin early; what it printed says why
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("still running after " + timeoutSeconds + " s: " + command);
            }
            return new OpenSsh.Result(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** On a thread of its own: the common pool has one thread on two cores, and two drains must not wait on each other. */
    private static CompletableFuture<byte[]> drain(InputStream stream) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                result.complete(buffer.toByteArray());
            } catch (IOException e) {
                result.complete(new byte[0]);
            }
        }, "program-output");
        thread.setDaemon(true);
        thread.start();
        return result;
    }
}
