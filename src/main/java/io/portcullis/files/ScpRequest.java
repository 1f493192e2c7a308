package io.portcullis.files;

/**
 * An scp server request that passed {@link ScponlyCommandFilter}: {@code -t} (the client sends, the
 * appliance receives) or {@code -f} (the appliance sends), the flags, and exactly one path.
 */
public record ScpRequest(boolean receive, boolean recursive, boolean preserveTimes, boolean targetIsDirectory,
                         boolean verbose, String path) {

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
