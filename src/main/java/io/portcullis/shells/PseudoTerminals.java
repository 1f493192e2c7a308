package io.portcullis.shells;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Starts a process on a pseudo-terminal of its own. A port of this package, implemented by the app layer
 * over a pty library (see package-info): the shells say what to run, not how a terminal is made.
 */
public interface PseudoTerminals {

    /**
     * {@code command} in {@code directory} with exactly {@code environment}, on a new terminal of that size;
     * its output is the terminal's, standard output and errors together. The terminal stays readable until
     * its output is drained, even after the process ended.
     */
    TerminalProcess start(List<String> command, Map<String, String> environment, String directory, int columns,
                          int rows) throws IOException;

    /** A process on its terminal. */
    interface TerminalProcess {

        Process process();

        /** The client's window changed; nothing happens once the process has ended. */
        void resize(int columns, int rows);
    }
}
