package io.portcullis.menu;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * A serial line, a pty or the start terminal opened as a JLine terminal for the menu. JLine's "exec"
 * provider over explicit streams gives a terminal with its line discipline in Java (echo, Ctrl-C,
 * CR/LF), so nothing depends on the JVM's own terminal. Input comes through an interruptible
 * FileChannel so that closing the device wakes the thread waiting for the operator; output goes
 * through a plain stream, because JLine interrupts the reading thread for Ctrl-C and an interrupted
 * thread writing to a channel would close it.
 */
final class ConsoleDevice implements AutoCloseable {

    private final Path path;
    private final LineSettings line;
    private final FileChannel reading;
    private final FileOutputStream writing;
    private final HangupAwareInput input;
    private final Terminal terminal;

    private ConsoleDevice(Path path, LineSettings line, FileChannel reading, FileOutputStream writing, String terminalType)
            throws IOException {
        this.path = path;
        this.line = line;
        this.reading = reading;
        this.writing = writing;
        this.input = new HangupAwareInput(reading);
        this.terminal = TerminalBuilder.builder()
                .name("portcullis-console " + path)
                .provider(TerminalBuilder.PROP_PROVIDER_EXEC)
                .system(false)
                .streams(input, writing)
                .type(terminalType)
                .encoding(StandardCharsets.UTF_8)
                .size(line.size())
                .build();
    }

    /** Opens the device and takes over its line; throws when it cannot be opened (yet). */
    static ConsoleDevice open(Path path, String terminalType) throws IOException {
        FileChannel reading = FileChannel.open(path, StandardOpenOption.READ);
        FileOutputStream writing = null;
        LineSettings line = null;
        try {
            writing = new FileOutputStream(path.toFile());
            line = LineSettings.takeOver(path);
            return new ConsoleDevice(path, line, reading, writing, terminalType);
        } catch (IOException | RuntimeException e) {
            reading.close();
            if (writing != null) {
                writing.close();
            }
            if (line != null) {
                line.restore();
            }
            throw e;
        }
    }

    Path path() {
        return path;
    }

    Terminal terminal() {
        return terminal;
    }

    /** Whether the device's input ended (a pty whose other side closed, a line that hung up). */
    boolean hungUp() {
        return input.ended;
    }

    /** Closing the channels also wakes JLine's thread that is waiting for input on them. */
    @Override
    public void close() {
        try {
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // the device is gone already; nothing left to flush
        }
        try {
            reading.close();
            writing.close();
        } catch (IOException e) {
            // as above
        }
        line.restore();
    }

    /**
     * The device's input as JLine reads it. The end of input, and the I/O error a pty gives when its
     * other side closes, both read as end of stream and are remembered, so the menu can tell a hangup
     * from Ctrl-D typed at a prompt.
     */
    private static final class HangupAwareInput extends InputStream {
        private final InputStream channel;
        private volatile boolean ended;

        HangupAwareInput(FileChannel reading) {
            this.channel = Channels.newInputStream(reading);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            try {
                int n = channel.read(buffer, offset, length);
                if (n < 0) {
                    ended = true;
                }
                return n;
            } catch (IOException e) {
                ended = true;
                return -1;
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
