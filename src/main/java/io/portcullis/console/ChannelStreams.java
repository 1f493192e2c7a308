package io.portcullis.console;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * An exec channel's own standard input and output, byte for byte, for a command that moves a file through
 * them ({@code system config export > backup.pcb}); the session's text writer is never used for such bytes.
 * {@code terminal}: the client asked for a PTY ({@code ssh -t}), so its output is a terminal's, not a file's.
 */
record ChannelStreams(InputStream in, OutputStream out, boolean terminal) {
}
