package io.portcullis.accounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The shells an account may have (SPEC §4): the appliance's own {@code console}, {@code scponly} and
 * {@code nologin}, or a login shell listed in {@code /etc/shells}, by name ({@code bash}) or path.
 */
public final class LoginShells {

    public static final String CONSOLE = "console";
    public static final String SCPONLY = "scponly";
    public static final String NOLOGIN = "nologin";
    public static final List<String> APPLIANCE_SHELLS = List.of(CONSOLE, SCPONLY, NOLOGIN);

    private final Path etcShells;

    public LoginShells(Path etcShells) {
        this.etcShells = etcShells;
    }

    public static LoginShells system() {
        return new LoginShells(Path.of("/etc/shells"));
    }

    /** Absolute paths listed in /etc/shells that exist and are executable, in file order. */
    public List<String> listed() {
        try {
            return Files.readAllLines(etcShells).stream()
                    .map(String::trim)
                    .filter(l -> l.startsWith("/") && !l.startsWith("#"))
                    .filter(l -> Files.isExecutable(Path.of(l)))
                    .distinct()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Login shell names and paths an administrator may pick, for completion and help. */
    public List<String> choices() {
        var names = new java.util.LinkedHashSet<String>(APPLIANCE_SHELLS);
        for (String path : listed()) {
            names.add(Path.of(path).getFileName().toString());
        }
        return List.copyOf(names);
    }

    /** The executable of a full login shell, or empty for console/scponly/nologin or an unknown one. */
    public Optional<String> executable(String shell) {
        if (APPLIANCE_SHELLS.contains(shell)) {
            return Optional.empty();
        }
        List<String> listed = listed();
        if (shell.startsWith("/")) {
            return listed.contains(shell) ? Optional.of(shell) : Optional.empty();
        }
        return listed.stream().filter(p -> Path.of(p).getFileName().toString().equals(shell)).findFirst();
    }

    public boolean isValid(String shell) {
        return APPLIANCE_SHELLS.contains(shell) || executable(shell).isPresent();
    }
}
