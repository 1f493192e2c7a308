package io.portcullis.files;

import java.util.Optional;

/**
 * An scp server request that passed {@link ScponlyCommandFilter}: {@code -t} (the client sends, the
 * appliance receives) or {@code -f} (the appliance sends), the flags, and exactly one path, as a shell
 * would have passed it to scp ({@code path}), or, for a download with unquoted wildcards, the pattern
 * Portcullis expands inside the jail ({@code glob}).
 */
public record ScpRequest(boolean receive, boolean recursive, boolean preserveTimes, boolean targetIsDirectory,
                         boolean verbose, String path, Optional<ScpGlob> glob) {

    /** A request for one literal path. */
    public ScpRequest(boolean receive, boolean recursive, boolean preserveTimes, boolean targetIsDirectory,
                      boolean verbose, String path) {
        this(receive, recursive, preserveTimes, targetIsDirectory, verbose, path, Optional.empty());
    }

    /** The command line MINA's SCP parses its flags from; the path is handed over separately, unparsed. */
    String flagsCommand() {
        StringBuilder command = new StringBuilder("scp");
        if (verbose) {
            command.append(" -v");
        }
        if (recursive) {
            command.append(" -r");
        }
        if (preserveTimes) {
            command.append(" -p");
        }
        if (targetIsDirectory) {
            command.append(" -d");
        }
        return command.append(receive ? " -t" : " -f").append(" .").toString();
    }
}
