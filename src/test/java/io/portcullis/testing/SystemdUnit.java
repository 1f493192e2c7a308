package io.portcullis.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A systemd service unit read from its file, and its {@code ExecStart} started as systemd would start
 * it where systemd is not PID 1 (CI): the same user, a clean environment with {@code Environment=},
 * {@code WorkingDirectory=}, the directories of {@code StateDirectory=} and its kind made with their
 * modes, and what setpriv can apply of the sandbox ({@code CapabilityBoundingSet=},
 * {@code NoNewPrivileges=}). The namespace options (ProtectSystem, PrivateTmp, ...) are not applied.
 */
public final class SystemdUnit {

    private final Path file;
    private final Map<String, List<String>> service;

    private SystemdUnit(Path file, Map<String, List<String>> service) {
        this.file = file;
        this.service = service;
    }

    public static SystemdUnit read(Path file) throws IOException {
        Map<String, List<String>> service = new LinkedHashMap<>();
        String section = "";
        StringBuilder pending = new StringBuilder();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#") || line.startsWith(";"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            line = pending.append(line).toString();
            pending.setLength(0);
            if (line.startsWith("[")) {
                section = line;
                continue;
            }
            int eq = line.indexOf('=');
            if (section.equals("[Service]") && eq > 0) {
                service.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
                        .add(line.substring(eq + 1).strip());
            }
        }
        return new SystemdUnit(file, service);
    }

    public Optional<String> value(String key) {
        List<String> values = service.getOrDefault(key, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /** ExecStart's words, quotes removed and systemd's prefixes ({@code -@:+!}) dropped. */
    public List<String> execStart() {
        String line = value("ExecStart").orElseThrow(() -> new IllegalStateException(file + " has no ExecStart"));
        List<String> words = words(line);
        words.set(0, words.get(0).replaceFirst("^[-@:+!]+", ""));
        return words;
    }

    /** The environment systemd gives a system service with no User=: PATH, the unit's Environment= and the *_DIRECTORY variables. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LANG", "C.UTF-8");
        for (String assignments : service.getOrDefault("Environment", List.of())) {
            for (String assignment : words(assignments)) {
                int eq = assignment.indexOf('=');
                env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
            }
        }
        directories().forEach((kind, dirs) -> env.put(kind.toUpperCase() + "_DIRECTORY",
                String.join(":", dirs.stream().map(Path::toString).toList())));
        return env;
    }

    /** StateDirectory= and its kind, as absolute paths, by kind (state, runtime, cache, logs, configuration). */
    public Map<String, List<Path>> directories() {
        Map<String, String> roots = Map.of("State", "/var/lib", "Runtime", "/run", "Cache", "/var/cache",
                "Logs", "/var/log", "Configuration", "/etc");
        Map<String, List<Path>> out = new LinkedHashMap<>();
        roots.forEach((kind, root) -> {
            for (String names : service.getOrDefault(kind + "Directory", List.of())) {
                for (String name : words(names)) {
                    out.computeIfAbsent(kind, k -> new ArrayList<>()).add(Path.of(root, name));
                }
            }
        });
        return out;
    }

    /** Makes the directories systemd makes before ExecStart, with the unit's modes (default 0755). */
    public void makeDirectories() throws IOException {
        for (Map.Entry<String, List<Path>> kind : directories().entrySet()) {
            String mode = value(kind.getKey() + "DirectoryMode").orElse("0755");
            for (Path dir : kind.getValue()) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(symbolic(mode)));
            }
        }
    }

    /**
     * The command to run: ExecStart (with {@code extraArgs} appended) under setpriv for the bounding
     * set and no_new_privs; the user is root, as the unit has no User=.
     */
    public ProcessBuilder processBuilder(List<String> extraArgs) {
        if (value("User").filter(u -> !u.equals("root")).isPresent()) {
            throw new IllegalStateException("only units that run as root are started here");
        }
        List<String> command = new ArrayList<>(List.of("setpriv"));
        value("CapabilityBoundingSet").ifPresent(caps -> command.add("--bounding-set=-all," + String.join(",",
                words(caps).stream().map(c -> "+" + c.toLowerCase().replaceFirst("^cap_", "")).toList())));
        if (value("NoNewPrivileges").filter(v -> v.equals("yes") || v.equals("true")).isPresent()) {
            command.add("--no-new-privs");
        }
        command.add("--");
        command.addAll(execStart());
        command.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(environment());
        value("WorkingDirectory").ifPresent(dir -> pb.directory(Path.of(dir.replaceFirst("^-", "")).toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb;
    }

    private static String symbolic(String octal) {
        int mode = Integer.parseInt(octal, 8);
        StringBuilder s = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = (mode >> shift) & 7;
            s.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return s.toString();
    }

    /** systemd's word splitting, enough for unit files: whitespace, with "..." and '...' quoting. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
