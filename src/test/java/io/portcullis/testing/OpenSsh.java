package io.portcullis.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real OpenSSH clients ({@code ssh}, {@code sftp}, {@code scp}) pointed at a test appliance, with
 * sshpass for passwords. Host keys are not remembered between tests.
 */
public final class OpenSsh {

    /** What a client run printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        public String out() {
            return stdout;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private final int port;
    private final String user;
    private String password;
    private Path identity;
    private final List<String> options = new ArrayList<>();
    private byte[] stdin = new byte[0];
    private Path stdinFile;
    private Path stdoutFile;
    private long timeoutSeconds = 60;
    private String host = "127.0.0.1";
    private final java.util.Map<String, String> environment = new java.util.HashMap<>();

    OpenSsh(int port, String user) {
        this.port = port;
        this.user = user;
    }

    public static OpenSsh to(int port, String user) {
        return new OpenSsh(port, user);
    }

    public OpenSsh password(String value) {
        this.password = value;
        return this;
    }

    public OpenSsh identity(Path privateKey) {
        this.identity = privateKey;
        return this;
    }

    /** An extra {@code -o Name=value} for the client. */
    public OpenSsh option(String nameEqualsValue) {
        options.add(nameEqualsValue);
        return this;
    }

    /** The name to connect to (default 127.0.0.1); a Kerberos client asks for {@code host/<this name>}. */
    public OpenSsh host(String name) {
        this.host = name;
        return this;
    }

    public OpenSsh stdin(String text) {
        this.stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public OpenSsh stdin(byte[] bytes) {
        this.stdin = bytes;
        return this;
    }

    /** The client's stdin read from a file (for data too large to hold), instead of {@link #stdin}. */
    public OpenSsh stdin(Path file) {
        this.stdinFile = file;
        return this;
    }

    /** The client's stdout written to a file, byte for byte; {@link Result#stdout()} is then empty. */
    public OpenSsh stdoutTo(Path file) {
        this.stdoutFile = file;
        return this;
    }

    /** An environment variable for the client process (e.g. DISPLAY, SSH_AUTH_SOCK). */
    public OpenSsh env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public OpenSsh timeout(long seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    /** {@code ssh [extra args] user@HOST [command]}; extra args go before the destination. */
    public Result ssh(List<String> sshArgs, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-p", Integer.toString(port)));
        cmd.addAll(commonOptions());
        cmd.addAll(sshArgs);
        cmd.add(user + "@" + host);
        cmd.addAll(List.of(command));
        return run(cmd);
    }

    /**
     * {@code ssh} left running (e.g. {@code -N -L ...}), its output discarded; the caller ends it with
     * {@link #end(Process)}.
     */
    public Process background(List<String> sshArgs, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-p", Integer.toString(port)));
        cmd.addAll(commonOptions());
        cmd.addAll(sshArgs);
        cmd.add(user + "@" + host);
        cmd.addAll(List.of(command));
        List<String> full = new ArrayList<>();
        if (password != null && identity == null) {
            full.addAll(List.of("sshpass", "-e"));
        }
        full.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(environment);
        if (password != null) {
            pb.environment().put("SSHPASS", password);
        }
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends a {@link #background} client and its ssh child. */
    public static void end(Process process) {
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Result exec(String command) {
        return ssh(List.of(), command);
    }

    /** {@link #exec} of a command that must succeed, as an admin console command in a test's set-up: its stdout. */
    public String execOk(String command) {
        Result result = exec(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(command + ": exit " + result.exitCode() + "\n" + result);
        }
        return result.stdout();
    }

    /** {@code sftp -b -} with the given batch commands on stdin. */
    public Result sftp(String batch) {
        List<String> cmd = new ArrayList<>(List.of("sftp", "-P", Integer.toString(port)));
        cmd.addAll(commonOptions());
        if (password != null && identity == null) {
            // -b implies BatchMode, which turns password prompts (and so sshpass) off; the first -o wins
            cmd.addAll(3, List.of("-o", "BatchMode=no"));
        }
        cmd.addAll(List.of("-b", "-", user + "@" + host));
        this.stdin = batch.getBytes(StandardCharsets.UTF_8);
        return run(cmd);
    }

    /** {@code scp [args]}; use {@link #remote(String)} to name a path on the appliance. */
    public Result scp(String... args) {
        List<String> cmd = new ArrayList<>(List.of("scp", "-P", Integer.toString(port)));
        cmd.addAll(commonOptions());
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    public String remote(String path) {
        return user + "@" + host + ":" + path;
    }

    /** Options given with {@link #option} come first: OpenSSH keeps the first value it reads. */
    private List<String> commonOptions() {
        List<String> o = new ArrayList<>();
        for (String option : options) {
            o.addAll(List.of("-o", option));
        }
        o.addAll(List.of(
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "ConnectTimeout=20", "-o", "ServerAliveInterval=0"));
        if (identity != null) {
            o.addAll(List.of("-i", identity.toString(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                    "-o", "PreferredAuthentications=publickey"));
        } else if (password != null) {
            o.addAll(List.of("-o", "PreferredAuthentications=password,keyboard-interactive", "-o",
                    "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1"));
        } else {
            o.addAll(List.of("-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "IdentityFile=/dev/null"));
        }
        return o;
    }

    private Result run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (password != null && identity == null) {
            full.addAll(List.of("sshpass", "-e"));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full);
        pb.environment().putAll(environment);
        if (password != null) {
            pb.environment().put("SSHPASS", password);
        }
        if (stdinFile != null) {
            pb.redirectInput(stdinFile.toFile());
        }
        if (stdoutFile != null) {
            pb.redirectOutput(stdoutFile.toFile());
        }
        try {
            Process process = pb.start();
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            if (stdinFile == null) {
                try (var in = process.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException e) {
                    // the client closed its stdin early; what it printed says why
                }
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("client did not finish in " + timeoutSeconds + " s: " + full);
            }
            return new Result(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                return buffer.toByteArray();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }
}
