package io.portcullis.app;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import io.portcullis.shells.PseudoTerminals;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@link PseudoTerminals} over pty4j, for the login shells of {@code io.portcullis.shells}. */
@Component
class Pty4jTerminals implements PseudoTerminals {

    @Override
    public TerminalProcess start(List<String> command, Map<String, String> environment, String directory, int columns,
                                 int rows) throws IOException {
        PtyProcess pty = new PtyProcessBuilder(command.toArray(String[]::new))
                .setEnvironment(environment)
                .setDirectory(directory)
                .setInitialColumns(columns)
                .setInitialRows(rows)
                .setRedirectErrorStream(true)
                .setUnixOpenTtyToPreserveOutputAfterTermination(true)
                .start();
        return new TerminalProcess() {
            @Override
            public Process process() {
                return pty;
            }

            @Override
            public void resize(int newColumns, int newRows) {
                try {
                    pty.setWinSize(new WinSize(newColumns, newRows));
                } catch (IllegalStateException e) {
                    // the shell already ended: nothing to resize
                }
            }
        };
    }
}
